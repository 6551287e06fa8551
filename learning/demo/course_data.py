"""Original demo course content: "Data essentials for public services".

All figures in this file are illustrative and made up for teaching. They are
not official statistics and are not attributed to any real organisation.

Lesson bodies are lists of (block_type, value) pairs. Allowed block types:
heading, paragraph, callout, table, quote and practice_question.
"""

from __future__ import annotations

COURSE = {
    "title": "Data essentials for public services",
    "slug": "data-essentials",
    "summary": (
        "A practical introduction to reading, checking and using data in councils and the NHS. "
        "Learn to read tables and charts with confidence, spot problems early and handle personal "
        "information safely."
    ),
    "intro": (
        "<p>Almost every job in a council or a health and care organisation now involves numbers: "
        "a dashboard at the team meeting, a performance report for committee, a spreadsheet passed "
        "between services. This course helps you read those numbers with confidence, ask sensible "
        "questions about them and use them to make better decisions.</p>"
        "<p>You do not need any maths beyond percentages, and there is no software to learn. Each "
        "short lesson uses everyday examples from wards, care homes, housing repairs, bin collections "
        "and social care, and ends with a practice question so you can check your understanding.</p>"
    ),
    "outcomes": [
        "Read a table of figures, including its units, totals, footnotes and source, without being caught out",
        "Choose between the mean and the median and explain how an outlier affects each",
        "Compare groups of different sizes using percentages, percentage points and rates",
        "Spot common data quality problems and misleading charts before they shape a decision",
        "Explain why small numbers swing from month to month and judge when to wait for more data",
        "Handle personal data in line with UK GDPR and the Caldicott principles",
        "Present a clear, honest message from data and use it to support a sound decision",
    ],
    "skill_areas": [
        "reading-and-interpreting-data",
        "communicating-and-deciding-with-data",
        "data-protection-security-and-ethics",
    ],
    "modules": [
        # ------------------------------------------------------------------
        # Module 1
        # ------------------------------------------------------------------
        {
            "title": "Reading data with confidence",
            "slug": "reading-data-with-confidence",
            "intro": (
                "<p>Before you can question a number, you need to be sure what it is telling you. "
                "This module covers the basics that trip up even experienced readers: what a table "
                "actually contains, which average to trust and how to compare percentages and rates "
                "fairly.</p>"
            ),
            "lessons": [
                {
                    "title": "Reading a table",
                    "slug": "reading-a-table",
                    "minutes": 12,
                    "summary": "How to work out exactly what a table is measuring before you draw any conclusions from it.",
                    "body": [
                        ("heading", "Start with the title and the source"),
                        (
                            "paragraph",
                            "<p>Tables look authoritative, so it is tempting to jump straight to the "
                            "biggest or most alarming number. Slow down first. Before reading any figure, "
                            "answer three questions: what is being counted, over what period, and where "
                            "did the data come from? The title, the column headings and the notes "
                            "underneath usually tell you, but only if you read them.</p>"
                            "<p>The source matters because every system records things in its own way. A "
                            "count of housing repairs taken from the repairs contractor's system may not "
                            "match a count from the council's customer contact system, because one records "
                            "jobs and the other records calls. Neither is wrong; they are measuring "
                            "different things.</p>",
                        ),
                        ("heading", "Rows, columns and units"),
                        (
                            "paragraph",
                            "<p>Each <strong>row</strong> is usually one group or one item, such as a ward, "
                            "a team or a month. Each <strong>column</strong> is one measure about that group. "
                            "Check the units in every column heading: days or working days, pounds or "
                            "thousands of pounds, people or episodes of care. A column headed "
                            "'Cost (£000s)' showing 250 means £250,000, not £250.</p>"
                            "<p>The table below shows illustrative figures for a council's housing repairs "
                            "over one quarter. Its footnote reads: <em>'Excludes 85 jobs cancelled at the "
                            "tenant's request. Source: repairs management system, extracted 5 July.'</em></p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative figures: housing repairs completed within target, April to June",
                                "rows": [
                                    [
                                        "Priority",
                                        "Target time",
                                        "Jobs raised",
                                        "Completed within target",
                                        "% within target",
                                    ],
                                    ["Emergency", "24 hours", "420", "399", "95.0%"],
                                    ["Urgent", "5 working days", "1,150", "989", "86.0%"],
                                    ["Routine", "28 calendar days", "2,630", "2,025", "77.0%"],
                                    ["All priorities", "-", "4,200", "3,413", "81.3%"],
                                ],
                            },
                        ),
                        ("heading", "Totals and footnotes"),
                        (
                            "paragraph",
                            "<p>Totals are a quick check that you have understood the table. Here, "
                            "420 + 1,150 + 2,630 = 4,200 jobs, which matches the total row. If the parts do "
                            "not add up to the total, there is usually a reason, such as rounding, a missing "
                            "category or a footnote excluding something, and you should find out which.</p>"
                            "<p>Notice also that the overall percentage is not the average of the three rows. "
                            "Averaging 95.0%, 86.0% and 77.0% gives 86.0%, but the true figure is "
                            "3,413 ÷ 4,200 = 81.3%. Routine jobs are by far the largest group, so "
                            "their lower performance pulls the overall figure down. Always work out an "
                            "overall percentage from the underlying counts.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "Read the small print",
                                "body": (
                                    "<p>Footnotes often change the meaning of a table. A note such as "
                                    "<em>'Excludes jobs cancelled at the tenant's request'</em> or "
                                    "<em>'Figures for June are provisional'</em> tells you what is missing and "
                                    "how firm the numbers are. If a table has no notes and no source at all, "
                                    "treat it with extra caution and ask where it came from.</p>"
                                ),
                            },
                        ),
                        ("heading", "A quick checklist"),
                        (
                            "paragraph",
                            "<p>Run through these questions every time you meet a new table:</p>"
                            "<ul>"
                            "<li><strong>What</strong> is being counted, and in what units?</li>"
                            "<li><strong>When</strong> does the period start and end?</li>"
                            "<li><strong>Where</strong> did the data come from, and when was it extracted?</li>"
                            "<li><strong>Do the totals</strong> add up, and if not, why not?</li>"
                            "<li><strong>What do the footnotes</strong> exclude or warn you about?</li>"
                            "</ul>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "Using the housing repairs table, a colleague adds up the three "
                                    "percentages, divides by three and reports that 86% of all repairs were "
                                    "completed within target. Why is this wrong?"
                                ),
                                "choices": [
                                    {
                                        "text": "The priorities have very different numbers of jobs, so the overall figure must come from the counts: 3,413 out of 4,200, or 81.3%.",
                                        "correct": True,
                                        "feedback": "Right. Averaging percentages gives every row equal weight, even though routine jobs make up most of the total.",
                                    },
                                    {
                                        "text": "Emergency jobs should be left out because they have a different target.",
                                        "correct": False,
                                        "feedback": "Emergency jobs are part of the total. Different targets are fine as long as each job is measured against its own target.",
                                    },
                                    {
                                        "text": "Nothing is wrong; averaging the three percentages is the standard way to get an overall figure.",
                                        "correct": False,
                                        "feedback": "Averaging percentages only works when every group is the same size. Here the routine group is more than six times the size of the emergency group.",
                                    },
                                    {
                                        "text": "The overall figure should be 95%, because the best-performing row sets the standard.",
                                        "correct": False,
                                        "feedback": "The overall figure has to reflect every job, not just the best-performing group.",
                                    },
                                ],
                                "explanation": (
                                    "An overall percentage should be worked out from the overall counts. "
                                    "Averaging the row percentages ignores how many jobs each row contains, "
                                    "and here it overstates performance by nearly five percentage points."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Averages and spread",
                    "slug": "averages-and-spread",
                    "minutes": 15,
                    "summary": "Why the mean and the median can tell very different stories, and why you should always ask how spread out the values are.",
                    "body": [
                        ("heading", "Two kinds of average"),
                        (
                            "paragraph",
                            "<p>When people say 'average' they usually mean the <strong>mean</strong>: add up "
                            "all the values and divide by how many there are. The <strong>median</strong> is "
                            "the middle value once everything is sorted from smallest to largest. If there is "
                            "an even number of values, the median is halfway between the middle two.</p>"
                            "<p>Both are useful, but they answer slightly different questions. The mean tells "
                            "you what each case would get if the total were shared out equally. The median "
                            "tells you what a typical case looks like. When the values are fairly balanced, "
                            "the two are close. When a few values are much larger than the rest, they drift "
                            "apart.</p>",
                        ),
                        ("heading", "Worked example: length of stay on a ward"),
                        (
                            "paragraph",
                            "<p>Imagine nine patients were discharged from a ward in one week. Their lengths "
                            "of stay, sorted, were 1, 2, 2, 3, 3, 4, 5, 6 and 47 days. The last patient was "
                            "waiting for a care home place and stayed far longer than anyone else.</p>"
                            "<p>The total is 73 days, so the mean is 73 ÷ 9 = 8.1 days. The median is "
                            "the fifth of the nine values, which is 3 days. Eight of the nine patients stayed "
                            "6 days or less, yet the mean suggests a typical stay of more than a week.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative figures: the effect of one long stay on the averages",
                                "rows": [
                                    ["Measure", "All nine patients", "Without the 47-day stay"],
                                    ["Number of patients", "9", "8"],
                                    ["Total bed days", "73", "26"],
                                    ["Mean length of stay", "8.1 days", "3.25 days"],
                                    ["Median length of stay", "3 days", "3 days"],
                                    ["Range", "1 to 47 days", "1 to 6 days"],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>Removing one patient moves the mean from 8.1 days to 3.25 days, while the "
                            "median does not move at all. That is the key difference: the mean is sensitive "
                            "to outliers and the median is not.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Which one should I use?",
                                "body": (
                                    "<p>Use the <strong>median</strong> to describe a typical case when values "
                                    "are lopsided, for example waiting times, lengths of stay, rents or debts. "
                                    "Use the <strong>mean</strong> when the total matters, for example when "
                                    "planning bed days, staff hours or a budget, because the long stays and "
                                    "large bills still have to be paid for. Often the most honest answer is to "
                                    "report both.</p>"
                                ),
                            },
                        ),
                        ("heading", "Do not forget the spread"),
                        (
                            "paragraph",
                            "<p>An average on its own hides how much the values vary. Two teams could both "
                            "have a median response time of 5 days, but in one team almost every case takes "
                            "4 to 6 days, while in the other cases range from the same day to three weeks. "
                            "Residents would have a very different experience of those two teams.</p>"
                            "<p>Simple ways to show spread include the <strong>range</strong> (smallest to "
                            "largest), the <strong>middle half</strong> of the values (often called the "
                            "interquartile range) and a count of cases above a threshold, such as 'stays of "
                            "more than 21 days'. For the nine patients above, the middle half of stays lay "
                            "between roughly 2 and 5.5 days. Different software calculates quartiles in "
                            "slightly different ways, so small differences between reports are normal.</p>"
                            "<p>Outliers are not errors to be deleted. The 47-day stay is real, and it may be "
                            "the most important case on the list, because it points to a delay in arranging "
                            "care. Look at outliers separately rather than letting them silently distort the "
                            "average.</p>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "Seven households in a council tax arrears sample owe £120, £150, £180, "
                                    "£200, £240, £260 and £4,900. Which figure best describes the typical "
                                    "amount owed?"
                                ),
                                "choices": [
                                    {
                                        "text": "£200, the median",
                                        "correct": True,
                                        "feedback": "Correct. Sorted, the fourth of the seven values is £200, and it is not affected by the one very large debt.",
                                    },
                                    {
                                        "text": "£864, the mean",
                                        "correct": False,
                                        "feedback": "The mean is £6,050 divided by 7, about £864, but six of the seven households owe £260 or less. The single £4,900 debt pulls the mean up.",
                                    },
                                    {
                                        "text": "£240",
                                        "correct": False,
                                        "feedback": "£240 is the fifth value, not the middle one. With seven values the median is the fourth.",
                                    },
                                    {
                                        "text": "£4,900, the largest amount",
                                        "correct": False,
                                        "feedback": "The largest value is an outlier. It is worth looking at separately, but it does not describe a typical household.",
                                    },
                                ],
                                "explanation": (
                                    "When one value is far larger than the rest, the median gives a better "
                                    "picture of the typical case. The mean is still useful for understanding "
                                    "the total owed, which here is £6,050."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Percentages, percentage points and rates",
                    "slug": "percentages-points-and-rates",
                    "minutes": 15,
                    "summary": "How to compare groups of different sizes fairly and describe changes in percentages without exaggerating or understating them.",
                    "body": [
                        ("heading", "Why raw counts can mislead"),
                        (
                            "paragraph",
                            "<p>Counts are the starting point, but on their own they rarely allow a fair "
                            "comparison. A large ward will usually have more falls than a small one simply "
                            "because it has more patients. A large district will have more missed bin "
                            "collections than a small one because it has more bins. To compare fairly, you "
                            "need to divide by the size of the group, which is called the "
                            "<strong>denominator</strong>.</p>",
                        ),
                        ("heading", "Rates per 100 and per 1,000"),
                        (
                            "paragraph",
                            "<p>A percentage is simply a rate per 100. When events are rarer, it is often "
                            "easier to read a rate per 1,000 or per 10,000. The calculation is always the "
                            "same: divide the number of events by the size of the group, then multiply by "
                            "100, 1,000 or whichever base you have chosen.</p>"
                            "<p>For falls in hospital, a common denominator is <strong>occupied bed "
                            "days</strong>: the number of beds with a patient in them, added up across every "
                            "day in the period. This allows for wards of different sizes and for beds that "
                            "stood empty.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative figures: inpatient falls on two wards over one quarter",
                                "rows": [
                                    ["Ward", "Beds", "Falls", "Occupied bed days", "Falls per 1,000 occupied bed days"],
                                    ["Ward A", "30", "12", "2,400", "5.0"],
                                    ["Ward B", "12", "6", "900", "6.7"],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>Ward A had twice as many falls as Ward B, but Ward A is much bigger. Working "
                            "out the rates: Ward A had 12 ÷ 2,400 × 1,000 = 5.0 falls per 1,000 "
                            "occupied bed days, and Ward B had 6 ÷ 900 × 1,000 = 6.7. Once size "
                            "is taken into account, the smaller ward has the higher rate. That does not prove "
                            "Ward B is less safe, since its patients may be frailer, but it changes the "
                            "question you would ask.</p>",
                        ),
                        ("heading", "Percentage points versus per cent"),
                        (
                            "paragraph",
                            "<p>When a percentage changes, there are two ways to describe the change, and "
                            "mixing them up is one of the most common mistakes in reports.</p>"
                            "<p>Suppose the share of scheduled bin collections reported as missed rose from "
                            "4% to 6%. The <strong>absolute change</strong> is 6 - 4 = 2 <strong>percentage "
                            "points</strong>. The <strong>relative change</strong> is 2 ÷ 4 = 0.5, "
                            "which is a <strong>50% increase</strong>. Both statements are true. 'Missed "
                            "collections rose by 2 percentage points' and 'missed collections rose by 50%' "
                            "describe the same data, but they feel very different to the reader.</p>"
                            "<p>Relative changes also work differently in each direction. If the figure fell "
                            "back from 6% to 4%, that is still 2 percentage points, but the relative fall is "
                            "2 ÷ 6, or about 33%.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Give both, with the starting point",
                                "body": (
                                    "<p>The clearest approach is to give the before and after figures and both "
                                    "kinds of change: <em>'Missed collections rose from 4% to 6% of scheduled "
                                    "collections, an increase of 2 percentage points (half as many again).'</em> "
                                    "Be wary of any headline that gives only a relative change, such as 'risk "
                                    "doubled', without saying what it doubled from.</p>"
                                ),
                            },
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "The share of A&E patients waiting more than four hours fell from 25% last "
                                    "year to 20% this year. Which description is correct?"
                                ),
                                "choices": [
                                    {
                                        "text": "A fall of 5 percentage points, which is a 20% relative reduction.",
                                        "correct": True,
                                        "feedback": "Correct. 25 minus 20 is 5 percentage points, and 5 divided by 25 is 0.2, a 20% relative fall.",
                                    },
                                    {
                                        "text": "A fall of 5%.",
                                        "correct": False,
                                        "feedback": "This is ambiguous and, read literally, wrong. The change is 5 percentage points; in relative terms it is 20%.",
                                    },
                                    {
                                        "text": "A fall of 5 percentage points, which is a 25% relative reduction.",
                                        "correct": False,
                                        "feedback": "The relative change is measured from the starting value of 25%, so it is 5 divided by 25, which is 20%, not 5 divided by 20.",
                                    },
                                    {
                                        "text": "A fall of 20 percentage points.",
                                        "correct": False,
                                        "feedback": "The figure only moved from 25% to 20%, so the absolute change is 5 percentage points.",
                                    },
                                ],
                                "explanation": (
                                    "Percentage points describe the simple difference between two percentages. "
                                    "A relative change divides that difference by the starting value."
                                ),
                            },
                        ),
                    ],
                },
            ],
        },
        # ------------------------------------------------------------------
        # Module 2
        # ------------------------------------------------------------------
        {
            "title": "Spotting bad data and misleading charts",
            "slug": "spotting-bad-data-and-misleading-charts",
            "intro": (
                "<p>Data can be wrong, and accurate data can still be shown in a misleading way. This "
                "module helps you spot the warning signs in a spreadsheet or a chart, and explains why "
                "small numbers need extra care before anyone reacts to them.</p>"
            ),
            "lessons": [
                {
                    "title": "Spotting bad data",
                    "slug": "spotting-bad-data",
                    "minutes": 14,
                    "summary": "The common data quality problems to check for before you trust a spreadsheet or a report.",
                    "body": [
                        ("heading", "Every dataset has problems"),
                        (
                            "paragraph",
                            "<p>Data is recorded by busy people, often on systems designed for running a "
                            "service rather than for producing statistics. Mistakes and gaps are normal. The "
                            "aim is not to find a perfect dataset, but to know what the problems are and "
                            "whether they are big enough to change your conclusions.</p>"
                            "<p>Most problems fall into a handful of familiar types. The made-up extract "
                            "below contains several of them. Once you know what to look for, you will start "
                            "spotting them quickly.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative extract: adult social care referrals, with problems noted",
                                "rows": [
                                    ["Referral ID", "Date received", "Date of birth", "Referral source", "Problem"],
                                    ["R1041", "03/06/2024", "12/02/1941", "GP", "None obvious"],
                                    ["R1042", "03/06/2024", "27/11/2031", "Hospital", "Date of birth is in the future"],
                                    [
                                        "R1042",
                                        "03/06/2024",
                                        "27/11/2031",
                                        "Hospital",
                                        "Exact duplicate of the row above",
                                    ],
                                    ["R1043", "04/06/2024", "05/08/1958", "Hosp", "Different code for the same source"],
                                    [
                                        "R1044",
                                        "04/06/2024",
                                        "(blank)",
                                        "Unknown",
                                        "Missing date of birth and unknown source",
                                    ],
                                    [
                                        "R1045",
                                        "31/06/2024",
                                        "19/03/1976",
                                        "Self",
                                        "Impossible date: June has only 30 days",
                                    ],
                                ],
                            },
                        ),
                        ("heading", "What to look for"),
                        (
                            "paragraph",
                            "<p>Work through these checks whenever you receive a new extract:</p>"
                            "<ul>"
                            "<li><strong>Duplicates.</strong> The same person, case or job appearing twice, "
                            "often because a record was entered again or two systems were merged. Duplicates "
                            "inflate counts.</li>"
                            "<li><strong>Blanks.</strong> Missing values are rarely random. If date of birth "
                            "is often missing for one referral route, any analysis by age will "
                            "under-represent that route.</li>"
                            "<li><strong>Impossible values.</strong> Dates in the future, dates that do not "
                            "exist, ages of 130, negative waiting times or a discharge recorded before the "
                            "admission.</li>"
                            "<li><strong>Inconsistent codes.</strong> 'Hosp', 'Hospital' and 'Acute trust' "
                            "may all mean the same thing, but a spreadsheet will count them as three "
                            "separate groups.</li>"
                            "<li><strong>'Unknown' and 'Other'.</strong> A large unknown category can hide "
                            "the real pattern. If 30% of complaints are coded 'Other', you cannot say much "
                            "about what residents are complaining about.</li>"
                            "</ul>",
                        ),
                        ("heading", "Changes of definition"),
                        (
                            "paragraph",
                            "<p>Some of the hardest problems to spot are not in the data itself but in how it "
                            "was collected. If a service changes what it counts, the numbers can jump or fall "
                            "overnight without anything real changing. For example, a council might start "
                            "counting a social care referral only once it has been screened, rather than when "
                            "the first contact is made. Referral numbers would drop sharply that month, even "
                            "if exactly the same number of people asked for help.</p>"
                            "<p>New IT systems, revised forms, boundary changes and new recording guidance can "
                            "all have the same effect. A sudden step change in a trend is a prompt to ask "
                            "'did anything change in how this was recorded?' before asking 'what has happened "
                            "to the service?'</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "info",
                                "title": "Quick tests you can do in a spreadsheet",
                                "body": (
                                    "<p>Sort each date and number column to see the smallest and largest "
                                    "values, which quickly reveals impossible entries. Use a filter on text "
                                    "columns to list every distinct value and spot inconsistent codes. Count "
                                    "the blanks in each column. None of this needs advanced skills, and it "
                                    "takes minutes.</p>"
                                ),
                            },
                        ),
                        (
                            "paragraph",
                            "<p>When you find problems, do not quietly fix them and move on. Write down what "
                            "you found and what you did about it, and tell the people who own the data so it "
                            "can be corrected at source. Otherwise the same errors will appear again in next "
                            "month's report.</p>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "The monthly count of housing repair requests falls by 30% in the month a "
                                    "new online reporting system goes live. What should you check first?"
                                ),
                                "choices": [
                                    {
                                        "text": "Whether the new system records or counts requests differently from the old one",
                                        "correct": True,
                                        "feedback": "Right. A sudden step change that lines up with a system change is often a recording effect rather than a real change in demand.",
                                    },
                                    {
                                        "text": "Whether the weather was drier that month",
                                        "correct": False,
                                        "feedback": "Weather can affect repairs, but a 30% fall coinciding exactly with a new system points first to how requests are being recorded.",
                                    },
                                    {
                                        "text": "Whether the repairs team should be praised for reducing demand",
                                        "correct": False,
                                        "feedback": "It is too early to credit anyone. Check the data first, or you risk rewarding a change that only exists on paper.",
                                    },
                                    {
                                        "text": "Nothing yet; a few more months of data will sort the problem out on its own",
                                        "correct": False,
                                        "feedback": "More data will not help if the definition or recording method has changed. You need to understand the change first.",
                                    },
                                ],
                                "explanation": (
                                    "When a trend jumps or drops at the same time as a change to systems, forms "
                                    "or definitions, check how the data is recorded before drawing any "
                                    "conclusion about the service."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Charts that mislead",
                    "slug": "charts-that-mislead",
                    "minutes": 15,
                    "summary": "Common ways charts exaggerate or hide what the data shows, and how to redraw them honestly.",
                    "body": [
                        ("heading", "Charts make an impression before they make a point"),
                        (
                            "paragraph",
                            "<p>People take in a chart in a second or two, long before they read the axis "
                            "labels. That makes charts powerful, and it also means a badly designed chart can "
                            "leave a false impression even when every number on it is correct. Most "
                            "misleading charts are not deliberate; they come from default software settings "
                            "or a rush to make a point. Either way, you should know how to spot them.</p>",
                        ),
                        ("heading", "Truncated axes"),
                        (
                            "paragraph",
                            "<p>A bar chart should normally start at zero, because readers judge bars by "
                            "their length. Suppose resident satisfaction with street cleaning was 82% last "
                            "year and 85% this year. If the vertical axis starts at 80%, the first bar is 2 "
                            "units tall and the second is 5 units tall, so this year's bar looks two and a "
                            "half times as long. The real change is 3 percentage points.</p>"
                            "<p>Line charts are different: they show change over time, and it is sometimes "
                            "reasonable to zoom in so that a genuine trend is visible. The test is whether "
                            "the scale is clearly labelled and whether the chart makes a small change look "
                            "dramatic.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Common chart problems and how to redraw them",
                                "rows": [
                                    ["Problem", "What it does to the reader", "How to redraw it"],
                                    [
                                        "Truncated axis on a bar chart",
                                        "Makes small differences look large",
                                        "Start the axis at zero, or use a dot or line chart with a clearly labelled scale",
                                    ],
                                    [
                                        "Cumulative totals",
                                        "The line always goes up, hiding months when things got worse",
                                        "Show the figure for each month, with the running total separately if needed",
                                    ],
                                    [
                                        "Two vertical axes",
                                        "Lets the designer make two lines appear to move together or cross",
                                        "Use two separate charts side by side, or index both series to the same starting point",
                                    ],
                                    [
                                        "Cherry-picked time window",
                                        "Starts at an unusual high or low point to manufacture a trend",
                                        "Show a longer period, ideally several years, and mark any known changes",
                                    ],
                                    [
                                        "3D pie chart",
                                        "Distorts the size of slices, so those at the front look bigger",
                                        "Use a simple bar chart sorted from largest to smallest, with values labelled",
                                    ],
                                ],
                            },
                        ),
                        ("heading", "Cumulative totals and cherry-picked windows"),
                        (
                            "paragraph",
                            "<p>A chart of 'complaints resolved since April' can only go up, because each "
                            "month's figure is added to the last. It will look like steady success even if "
                            "the number resolved each month is falling. Ask to see the monthly figures.</p>"
                            "<p>Choosing the start date is just as powerful. If missed bin collections peaked "
                            "in a January with heavy snow, a chart starting that January will show a "
                            "reassuring fall. A chart starting in the calm summer before might show a rise. "
                            "Ask why the chart starts where it does, and look for a longer series.</p>",
                        ),
                        ("heading", "Dual axes and 3D pies"),
                        (
                            "paragraph",
                            "<p>Charts with two vertical axes, one on the left and one on the right, let the "
                            "designer stretch or squash each line independently. Almost any two series can be "
                            "made to look as if they move together. If you see one, ask for the two series to "
                            "be shown separately.</p>"
                            "<p>Pie charts are hard to read when there are more than three or four slices, and "
                            "adding 3D perspective makes the slices at the front look larger than those at the "
                            "back. A bar chart sorted from largest to smallest almost always communicates the "
                            "same information more clearly.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "A quick test for any chart",
                                "body": (
                                    "<p>Cover the title and ask yourself what the chart seems to say at a "
                                    "glance. Then read the axes, units and dates carefully. If the two "
                                    "impressions differ, the chart needs redrawing.</p>"
                                ),
                            },
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "A board paper shows a line chart of 'social care reviews completed since "
                                    "1 April', rising steeply every month. What is the most useful question to ask?"
                                ),
                                "choices": [
                                    {
                                        "text": "How many reviews were completed in each individual month?",
                                        "correct": True,
                                        "feedback": "Correct. A cumulative total always rises, so you need the monthly figures to see whether the pace of work is improving or slipping.",
                                    },
                                    {
                                        "text": "Why is the line not even steeper?",
                                        "correct": False,
                                        "feedback": "The steepness of a cumulative line mostly reflects how much time has passed, not whether things are improving.",
                                    },
                                    {
                                        "text": "Could it be shown as a 3D pie chart instead?",
                                        "correct": False,
                                        "feedback": "A 3D pie would make things worse. Pie charts are not suited to showing change over time.",
                                    },
                                    {
                                        "text": "Can the vertical axis start at a higher value?",
                                        "correct": False,
                                        "feedback": "Changing the axis would not fix the underlying problem, which is that running totals hide month-to-month changes.",
                                    },
                                ],
                                "explanation": (
                                    "Cumulative charts rise whenever anything at all happens. Asking for the "
                                    "monthly counts shows whether the pace of work is going up, staying level "
                                    "or falling."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Small numbers and chance",
                    "slug": "small-numbers-and-chance",
                    "minutes": 15,
                    "summary": "Why small counts jump around from month to month, and how to avoid reacting to noise.",
                    "body": [
                        ("heading", "Small numbers are noisy"),
                        (
                            "paragraph",
                            "<p>When events are rare, their monthly counts bounce around a lot even when "
                            "nothing about the service has changed. A small team that usually receives about "
                            "four complaints a month might get two one month and seven the next, purely by "
                            "chance. Nobody did anything differently; that is simply how counts of uncommon "
                            "events behave.</p>"
                            "<p>As a rough guide, if a team averages about four events a month and nothing "
                            "changes, the great majority of months will fall somewhere between one and eight. "
                            "A month with seven is not, on its own, evidence of a problem.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative figures: falls on a 14-bed ward, by month",
                                "rows": [
                                    ["Month", "Falls", "Change from previous month"],
                                    ["April", "1", "-"],
                                    ["May", "4", "+300%"],
                                    ["June", "0", "-100%"],
                                    ["July", "2", "Cannot be calculated (previous month was 0)"],
                                    ["August", "3", "+50%"],
                                    ["September", "1", "-67%"],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>Percentage changes on small numbers look dramatic. A rise from 1 fall to 4 is "
                            "'+300%', but it is three extra falls. A drop from 3 to 1 is '-67%', but it is two "
                            "fewer. From June to July the percentage change cannot even be calculated, because "
                            "you cannot divide by zero. Across the six months there were 11 falls, an average "
                            "of just under two a month, and no single month stands out from the range you "
                            "would expect by chance.</p>",
                        ),
                        ("heading", "Regression to the mean"),
                        (
                            "paragraph",
                            "<p>Extreme results tend to be followed by more ordinary ones. This is called "
                            "<strong>regression to the mean</strong>. If you pick out the five care homes with "
                            "the worst medication error figures this quarter, most of them will probably look "
                            "better next quarter even if nobody intervenes, because part of what made them look "
                            "bad was bad luck that is unlikely to repeat.</p>"
                            "<p>This matters when judging whether an action worked. Extra support is usually "
                            "sent to the places with the worst recent figures. When those figures then "
                            "improve, it is tempting to credit the support, but some or all of the "
                            "improvement may simply be regression to the mean. A fairer test is to compare "
                            "with similar places that did not receive the support, or to look at a long run "
                            "of data before and after.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "Be careful ranking small numbers",
                                "body": (
                                    "<p>League tables of small teams or wards built from a single month's "
                                    "figures are especially risky. The team at the top one month can easily be "
                                    "near the bottom the next, just by chance. Rank on longer periods, use rates "
                                    "rather than counts, and treat closely bunched results as effectively the "
                                    "same.</p>"
                                ),
                            },
                        ),
                        ("heading", "When to wait for more data"),
                        (
                            "paragraph",
                            "<p>Waiting is not the same as ignoring. Any serious incident should be looked "
                            "into on its own merits. But to decide whether a trend has really changed, you "
                            "will usually need more than one or two data points. Useful approaches "
                            "include:</p>"
                            "<ul>"
                            "<li>combining months into quarters, or small wards into a larger group, so the "
                            "counts are bigger;</li>"
                            "<li>plotting at least a year of data on a simple run chart and looking for "
                            "sustained shifts rather than single spikes;</li>"
                            "<li>asking an analyst for a statistical process control chart, which shows the "
                            "range of variation you would expect by chance alone.</li>"
                            "</ul>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "A care home recorded 1 medication error in March and 3 in April. A draft "
                                    "report is headed 'Medication errors triple'. What is the best response?"
                                ),
                                "choices": [
                                    {
                                        "text": "Suggest looking at a longer run of monthly figures before concluding that anything has changed",
                                        "correct": True,
                                        "feedback": "Right. A change from 1 to 3 is well within normal chance variation for such small counts, and a longer series will show whether there is a real shift.",
                                    },
                                    {
                                        "text": "Agree with the headline, because 3 is three times 1",
                                        "correct": False,
                                        "feedback": "The arithmetic is correct but the conclusion is not. With counts this small, tripling can easily happen by chance.",
                                    },
                                    {
                                        "text": "Ignore the April errors because they are probably just noise",
                                        "correct": False,
                                        "feedback": "Each error should still be reviewed in its own right. The point is not to over-read the trend, not to dismiss the incidents.",
                                    },
                                    {
                                        "text": "Rank the care home against others using April's figures",
                                        "correct": False,
                                        "feedback": "Ranking on a single month of small counts is likely to reflect luck more than performance.",
                                    },
                                ],
                                "explanation": (
                                    "Small counts naturally jump around. Look at a longer period, use rates "
                                    "where possible, and still review individual incidents on their merits."
                                ),
                            },
                        ),
                    ],
                },
            ],
        },
        # ------------------------------------------------------------------
        # Module 3
        # ------------------------------------------------------------------
        {
            "title": "Using data safely and well",
            "slug": "using-data-safely-and-well",
            "intro": (
                "<p>Data only helps if it is handled safely and used well. This module covers your "
                "responsibilities when working with personal information, how to present findings so "
                "people understand them, and how to use data to reach a sound decision.</p>"
            ),
            "lessons": [
                {
                    "title": "Handling personal data safely",
                    "slug": "handling-personal-data-safely",
                    "minutes": 15,
                    "summary": "The rules for personal data in plain words, and the everyday habits that keep it safe.",
                    "body": [
                        ("heading", "Why this matters"),
                        (
                            "paragraph",
                            "<p>Councils and NHS organisations hold some of the most sensitive information "
                            "there is about people: their health, their family circumstances, their finances "
                            "and their housing. People rarely have much choice about sharing it with us. That "
                            "places a real duty on every member of staff, not just the information governance "
                            "team, to handle it with care.</p>"
                            "<p>Personal data is any information that relates to an identifiable living "
                            "person. That includes obvious items such as names and NHS numbers, but also "
                            "combinations of details that could point to someone, such as a postcode, an age "
                            "and a rare condition taken together.</p>",
                        ),
                        ("heading", "UK GDPR principles in plain words"),
                        (
                            "paragraph",
                            "<p>UK data protection law sets out seven principles. You do not need to memorise "
                            "the legal wording, but you should recognise the ideas behind them.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "The UK GDPR principles, summarised in plain words",
                                "rows": [
                                    ["Principle", "What it means in practice"],
                                    [
                                        "Lawfulness, fairness and transparency",
                                        "Have a proper legal basis, use data in ways people would reasonably expect, and be open about it",
                                    ],
                                    [
                                        "Purpose limitation",
                                        "Use data for the purpose it was collected for, not for unrelated new purposes",
                                    ],
                                    ["Data minimisation", "Collect, use and share only what you actually need"],
                                    ["Accuracy", "Keep data correct and up to date, and fix errors when you find them"],
                                    [
                                        "Storage limitation",
                                        "Do not keep identifiable data for longer than it is needed",
                                    ],
                                    [
                                        "Integrity and confidentiality",
                                        "Keep data secure from loss, theft and people who should not see it",
                                    ],
                                    ["Accountability", "Be able to show how you have met all of the above"],
                                ],
                            },
                        ),
                        ("heading", "The Caldicott principles"),
                        (
                            "paragraph",
                            "<p>In health and social care, staff also follow the eight Caldicott principles, "
                            "which apply to information that could identify a patient or service user. In "
                            "short, they ask you to: be clear why you need the information; use it only when "
                            "it is really needed; use the minimum necessary; give access only to those who "
                            "need to know; make sure everyone handling it understands their "
                            "responsibilities; follow the law; remember that sharing information to support "
                            "someone's care can be just as important as protecting it; and keep people "
                            "informed about how their information is used.</p>"
                            "<p>The principle about sharing matters. Data protection is not a reason to "
                            "withhold information that another professional needs to keep someone safe. If "
                            "you are unsure, ask for advice rather than refusing by default.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "warning",
                                "title": "Everyday risks with email and spreadsheets",
                                "body": (
                                    "<ul>"
                                    "<li><strong>Autocomplete</strong> can fill in a recipient with a similar "
                                    "name. Check every address before you press send.</li>"
                                    "<li><strong>Hidden columns, rows and sheets</strong> are still in the "
                                    "file. Anyone who receives it can unhide them.</li>"
                                    "<li><strong>Filters</strong> hide rows on screen but do not remove them "
                                    "from the file.</li>"
                                    "<li><strong>Pivot tables</strong> often keep a copy of all the underlying "
                                    "records, even if you can only see totals.</li>"
                                    "<li><strong>Small numbers</strong> in a summary table, such as one person "
                                    "in a small village, can identify someone.</li>"
                                    "</ul>"
                                ),
                            },
                        ),
                        ("heading", "Pseudonymisation and sharing only what is needed"),
                        (
                            "paragraph",
                            "<p><strong>Pseudonymisation</strong> means replacing direct identifiers, such as "
                            "names and NHS numbers, with a code, while the key that links them back is kept "
                            "separately. It reduces risk, but pseudonymised data is still personal data in "
                            "law, because it can be re-identified. <strong>Anonymised</strong> data, where "
                            "people can no longer reasonably be identified, is not personal data, but true "
                            "anonymisation is harder than it looks.</p>"
                            "<p>The safest file is one that never contained the personal details. If a "
                            "colleague needs the number of overdue repairs on each estate, build a new summary "
                            "table with just those counts, rather than sending the full list with some columns "
                            "hidden.</p>"
                            "<p>If something goes wrong, such as an email sent to the wrong person, report it "
                            "to your information governance team straight away. Serious breaches may need to "
                            "be reported to the Information Commissioner's Office within 72 hours, so speed "
                            "matters far more than embarrassment.</p>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "A colleague in another team asks for the number of overdue housing repairs "
                                    "on each estate. Your source spreadsheet contains tenants' names, addresses "
                                    "and a hidden column of vulnerability flags. What should you do?"
                                ),
                                "choices": [
                                    {
                                        "text": "Create a new file containing only the count of overdue repairs for each estate, checking for any very small numbers",
                                        "correct": True,
                                        "feedback": "Correct. This shares only what is needed and keeps personal and sensitive details out of the file altogether.",
                                    },
                                    {
                                        "text": "Send the full spreadsheet, since the vulnerability column is already hidden",
                                        "correct": False,
                                        "feedback": "Hidden columns are still in the file and can be unhidden in seconds. This would share sensitive information the colleague does not need.",
                                    },
                                    {
                                        "text": "Delete the names column and send the rest",
                                        "correct": False,
                                        "feedback": "Addresses and vulnerability flags would still identify people and reveal sensitive details. Removing one column is not enough.",
                                    },
                                    {
                                        "text": "Refuse, because data protection law does not allow sharing between teams",
                                        "correct": False,
                                        "feedback": "Sharing between teams is often lawful and useful. The aim is to share the minimum necessary, not to refuse by default.",
                                    },
                                ],
                                "explanation": (
                                    "Data minimisation means sharing only what the recipient needs. A fresh "
                                    "summary table removes the risk of hidden columns, filters and stray "
                                    "personal details."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Telling the story with data",
                    "slug": "telling-the-story-with-data",
                    "minutes": 12,
                    "summary": "How to turn numbers into a clear, honest message that your reader can act on.",
                    "body": [
                        ("heading", "Start with what the reader needs to know"),
                        (
                            "paragraph",
                            "<p>Most people reading a report are busy, and few of them are analysts. They want "
                            "to know what has happened, whether it matters and what, if anything, they should "
                            "do. A table of figures leaves them to work that out for themselves. Your job is to "
                            "do that work for them, honestly.</p>"
                            "<p>Before you write anything, try finishing this sentence in plain words: "
                            "<em>'The main thing the reader needs to know is...'</em> If you cannot, you are "
                            "not yet ready to choose a chart.</p>",
                        ),
                        ("heading", "Say what the number means"),
                        (
                            "paragraph",
                            "<p>A bare number rarely means much. Compare these two statements about an "
                            "emergency department:</p>"
                            "<ul>"
                            "<li>'1,240 patients waited more than four hours in May.'</li>"
                            "<li>'In May, 1,240 of 9,800 patients, about 1 in 8, waited more than four hours. "
                            "A year earlier it was 1 in 9.'</li>"
                            "</ul>"
                            "<p>The second version gives a denominator, turns it into something easy to "
                            "picture and adds a comparison. The arithmetic behind it: 1,240 ÷ 9,800 = "
                            "12.7%, close to 1 in 8 (12.5%). A year earlier, 1,050 of 9,450 patients waited "
                            "more than four hours, which is 11.1%, or exactly 1 in 9. So the share rose by "
                            "about one and a half percentage points.</p>",
                        ),
                        ("heading", "One message per chart, and a title that states it"),
                        (
                            "paragraph",
                            "<p>Each chart should make one point. If you find yourself explaining three "
                            "different things about the same chart, split it into separate charts or drop the "
                            "points that do not matter.</p>"
                            "<p>Then use the title to state the finding, not just the topic. Someone who only "
                            "reads the titles should still come away with the main messages.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative examples: topic titles rewritten as finding titles",
                                "rows": [
                                    ["Topic title (weaker)", "Finding title (stronger)"],
                                    [
                                        "Missed bin collections, 2023 to 2024",
                                        "Missed bin collections fell by a third after routes were redesigned in September",
                                    ],
                                    [
                                        "Adult social care referrals by source",
                                        "Hospitals now make almost half of all adult social care referrals",
                                    ],
                                    [
                                        "A&E four-hour waits",
                                        "About 1 in 8 A&E patients waited over four hours in May, up from 1 in 9 a year earlier",
                                    ],
                                    [
                                        "Housing repairs performance",
                                        "Routine repairs are the main reason the council is missing its repairs target",
                                    ],
                                ],
                            },
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Give context and a comparison",
                                "body": (
                                    "<p>A number becomes meaningful when it is compared with something: the "
                                    "same period last year, a target, similar services elsewhere or the range "
                                    "you would expect by chance. Choose the comparison that answers the "
                                    "reader's real question, and say where it comes from. Avoid comparisons "
                                    "chosen to flatter, such as picking the one month that looks best.</p>"
                                ),
                            },
                        ),
                        (
                            "quote",
                            {
                                "quote": (
                                    "Once we started putting the finding in the chart title, the conversation "
                                    "at our morning huddle moved from 'what am I looking at?' to 'what are we "
                                    "going to do about it?'"
                                ),
                                "attribution": "A ward manager (illustrative example)",
                            },
                        ),
                        ("heading", "Be honest about uncertainty"),
                        (
                            "paragraph",
                            "<p>Telling a clear story does not mean overstating it. If the numbers are small, "
                            "provisional or affected by a recording change, say so in plain words, for "
                            "example: <em>'Figures for the last two months are provisional and may rise as "
                            "late records are added.'</em> Readers trust a report more when it is open about "
                            "its limits.</p>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "Which is the best title for a chart showing that the average time to "
                                    "complete a social care assessment fell from 32 days to 24 days after a "
                                    "new triage process began in June?"
                                ),
                                "choices": [
                                    {
                                        "text": "Average assessment time fell from 32 to 24 days after new triage began in June",
                                        "correct": True,
                                        "feedback": "Correct. It states the finding in plain words, with the before and after figures and when the change happened.",
                                    },
                                    {
                                        "text": "Social care assessment times",
                                        "correct": False,
                                        "feedback": "This names the topic but leaves the reader to work out the message for themselves.",
                                    },
                                    {
                                        "text": "Assessment times: a 25% success story!",
                                        "correct": False,
                                        "feedback": "The arithmetic is right, since 8 divided by 32 is 25%, but the tone oversells it and the reader is not told the actual times.",
                                    },
                                    {
                                        "text": "Days to assessment, monthly, all teams, 2023 to 2024",
                                        "correct": False,
                                        "feedback": "This is useful detail for a subtitle or axis label, but it does not tell the reader what the chart shows.",
                                    },
                                ],
                                "explanation": (
                                    "A good chart title states the finding in plain words, with the key "
                                    "figures, so that someone skimming the report still gets the message."
                                ),
                            },
                        ),
                    ],
                },
                {
                    "title": "Making a decision with data",
                    "slug": "making-a-decision-with-data",
                    "minutes": 15,
                    "summary": "A practical approach to using data in decisions: test your thinking, check the denominator, question cause and effect and know when to ask for help.",
                    "body": [
                        ("heading", "Decide what would change your mind"),
                        (
                            "paragraph",
                            "<p>Data is most useful when you know what you are trying to decide before you "
                            "look at it. Start by writing down the decision and the options. Then ask: "
                            "<em>what would I expect to see in the data if option A were right? What would "
                            "make me choose option B instead?</em></p>"
                            "<p>This guards against a very human habit: looking at the figures, finding the "
                            "ones that support what you already believed and stopping there. If no possible "
                            "result would change your mind, the data is decoration, not evidence.</p>",
                        ),
                        ("heading", "Check the denominator"),
                        (
                            "paragraph",
                            "<p>Many poor decisions come from comparing counts when the groups are different "
                            "sizes. Suppose a service manager wants to know which of two reablement teams is "
                            "getting through its caseload more quickly.</p>",
                        ),
                        (
                            "table",
                            {
                                "caption": "Illustrative figures: cases closed by two reablement teams in one quarter",
                                "rows": [
                                    ["Team", "Open cases at start of quarter", "Cases closed", "Share of cases closed"],
                                    ["North team", "600", "240", "40%"],
                                    ["South team", "360", "180", "50%"],
                                ],
                            },
                        ),
                        (
                            "paragraph",
                            "<p>The North team closed more cases, 240 against 180. But it also started with "
                            "far more: 240 ÷ 600 = 40%, while the South team closed 180 ÷ 360 = "
                            "50%. On this measure the South team did better. Even then, you would want to know "
                            "whether the two teams work with similar people and similar kinds of case before "
                            "drawing firm conclusions.</p>",
                        ),
                        ("heading", "Correlation is not cause"),
                        (
                            "paragraph",
                            "<p>Two things moving together does not mean one causes the other. Libraries with "
                            "longer opening hours may have more visitors, but they are also often the larger "
                            "libraries in busy town centres, which would attract more visitors anyway. "
                            "Extending the hours of a small village branch might not have the same effect.</p>"
                            "<p>When someone says 'X led to Y', ask three questions. Could something else "
                            "explain both? Could the cause run the other way? Would Y have happened anyway, "
                            "for example through regression to the mean? The strongest evidence comes from "
                            "comparing with a similar group that did not get the change, ideally chosen "
                            "fairly in advance.</p>",
                        ),
                        (
                            "callout",
                            {
                                "kind": "tip",
                                "title": "Write down your assumptions",
                                "body": (
                                    "<p>Keep a short note alongside any decision that relies on data: which "
                                    "data you used and its date, what you assumed (for example, 'demand next "
                                    "winter will be similar to last winter'), what you could not check, and "
                                    "what would prompt you to revisit the decision. It takes ten minutes and "
                                    "makes the decision much easier to explain, review and improve later.</p>"
                                ),
                            },
                        ),
                        ("heading", "Know when to ask for help"),
                        (
                            "paragraph",
                            "<p>You do not need to do everything yourself. As a rough guide:</p>"
                            "<ul>"
                            "<li>ask an <strong>analyst</strong> or your performance team when you need to "
                            "know whether a change is real or chance, when data from different systems must "
                            "be combined, or when figures will be published or used for a major "
                            "decision;</li>"
                            "<li>ask your <strong>information governance</strong> team before using personal "
                            "data for a new purpose, sharing it with another organisation or setting up a new "
                            "dataset;</li>"
                            "<li>involve your <strong>data protection officer</strong> when a new project is "
                            "likely to pose a high risk to people's privacy, which may call for a data "
                            "protection impact assessment, or when something has gone wrong;</li>"
                            "<li>in health and social care, your <strong>Caldicott Guardian</strong> can "
                            "advise on difficult decisions about using or sharing confidential "
                            "information.</li>"
                            "</ul>",
                        ),
                        (
                            "practice_question",
                            {
                                "question": (
                                    "After a falls-prevention visit to the ten care homes with the most falls "
                                    "last winter, falls in those homes dropped by a quarter the following "
                                    "winter. What is the most important thing to check before concluding that "
                                    "the visits worked?"
                                ),
                                "choices": [
                                    {
                                        "text": "Whether falls also dropped in similar care homes that did not get a visit",
                                        "correct": True,
                                        "feedback": "Right. The homes were chosen because their figures were unusually high, so some improvement was likely anyway. A comparison group shows how much is left to credit to the visits.",
                                    },
                                    {
                                        "text": "Whether the visits were popular with care home staff",
                                        "correct": False,
                                        "feedback": "Staff views are useful feedback, but they do not tell you whether falls would have dropped anyway.",
                                    },
                                    {
                                        "text": "Whether a quarter is a big enough fall to announce",
                                        "correct": False,
                                        "feedback": "The size of the fall matters less than whether the visits caused it at all.",
                                    },
                                    {
                                        "text": "Nothing; a drop straight after the visits proves they worked",
                                        "correct": False,
                                        "feedback": "Timing alone does not prove cause. Homes picked for their worst results tend to improve even without help.",
                                    },
                                ],
                                "explanation": (
                                    "When places are chosen because their figures were at their worst, some "
                                    "later improvement is expected by chance. Comparing with similar places "
                                    "that did not get the intervention gives a fairer test."
                                ),
                            },
                        ),
                    ],
                },
            ],
        },
    ],
}

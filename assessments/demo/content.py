"""Demo seed content for the data and digital skills framework.

Plain data only: the skills framework (levels and areas), a bank of scored
questions tagged by area and level (1-3), and self-assessment statements.
All text is original to this project. Scenarios are fictional.
"""

from __future__ import annotations

FRAMEWORK = {
    "name": "Data and digital skills framework",
    "slug": "data-and-digital",
    "threshold_percent": 70,
    "levels": [
        {
            "level": 0,
            "name": "Not yet",
            "description": (
                "The scored check did not yet show Awareness in this area. "
                "This is a starting point, not a judgement: the suggested learning is the next step."
            ),
        },
        {
            "level": 1,
            "name": "Awareness",
            "description": (
                "Knows what the skill is, why it matters in their own job, and when and where to go for help."
            ),
        },
        {
            "level": 2,
            "name": "Working",
            "description": (
                "Carries out the everyday tasks of their role in this area on their own, "
                "using the standard tools their organisation provides."
            ),
        },
        {
            "level": 3,
            "name": "Practitioner",
            "description": (
                "Deals with unusual or messy cases, checks and improves colleagues' work, "
                "and adapts the usual method when it does not fit."
            ),
        },
        {
            "level": 4,
            "name": "Champion",
            "description": (
                "Sets local good practice and coaches others in this area. "
                "Recorded only through an observed sign-off, never from a scored check."
            ),
        },
    ],
    "areas": [
        {
            "slug": "digital-working-and-collaboration",
            "name": "Digital working and collaboration",
            "expiry_months": 24,
            "default_target_level": 2,
            "description": (
                "Using shared documents, online meetings and team spaces so that colleagues "
                "and partners can work together on one up-to-date version of the work."
            ),
            "level_descriptors": {
                1: (
                    "Knows that the team keeps shared work in approved storage rather than in email "
                    "attachments or on a desktop, and knows who to ask when a tool will not do what they need."
                ),
                2: (
                    "Shares a file link with the right people, co-edits a document such as a ward rota or "
                    "a housing panel agenda, runs a simple online meeting and restores an earlier version when needed."
                ),
                3: (
                    "Sorts out muddles such as competing copies of a rota, sets up safe collaboration with "
                    "partner agencies, and checks colleagues' documents for accessibility before they are published."
                ),
                4: (
                    "Sets the team's conventions for storage, naming and permissions, and coaches colleagues "
                    "who are less confident with digital tools."
                ),
            },
        },
        {
            "slug": "finding-judging-and-managing-information",
            "name": "Finding, judging and managing information",
            "expiry_months": 24,
            "default_target_level": 2,
            "description": (
                "Finding the right information, judging whether it can be trusted, and keeping records "
                "so they can be found, shared and disposed of properly."
            ),
            "level_descriptors": {
                1: (
                    "Knows to use the organisation's current policies rather than old saved copies, recognises "
                    "a request for information from the public, and knows records are kept for set periods."
                ),
                2: (
                    "Checks who wrote a source and when, traces a quoted figure back to where it came from, "
                    "names files consistently and passes information requests promptly to the right team."
                ),
                3: (
                    "Explains why two sources disagree, reviews colleagues' evidence before it goes into a "
                    "briefing, and applies retention rules correctly when a request or complaint is open."
                ),
                4: (
                    "Leads the team's approach to records and evidence, for example keeping the retention "
                    "schedule in use and helping colleagues judge sources for reports to committees or boards."
                ),
            },
        },
        {
            "slug": "reading-and-interpreting-data",
            "name": "Reading and interpreting data",
            "expiry_months": 24,
            "default_target_level": 1,
            "description": (
                "Making sense of tables, charts and figures about services and the people who use them, "
                "and spotting when a number may mislead."
            ),
            "level_descriptors": {
                1: (
                    "Knows the difference between a count and a rate, what an average is, and that a chart's "
                    "axis can exaggerate a change, and asks for help when a figure looks odd."
                ),
                2: (
                    "Works out percentage changes, rates per 1,000 and medians correctly, and reads a service "
                    "table such as monthly A&E attendances or missed bin collections without over-claiming."
                ),
                3: (
                    "Spots changes of definition or denominator, mixes of groups that reverse a comparison and "
                    "the pull back towards the average, and checks the figures in colleagues' work."
                ),
                4: (
                    "Helps the team build good habits in reading data, and is the person colleagues turn to "
                    "when performance figures need careful interpretation."
                ),
            },
        },
        {
            "slug": "communicating-and-deciding-with-data",
            "name": "Communicating and deciding with data",
            "expiry_months": 24,
            "default_target_level": 1,
            "description": (
                "Presenting figures clearly, honestly and accessibly, and using them well when a "
                "decision has to be made."
            ),
            "level_descriptors": {
                1: (
                    "Knows that charts need a source, a date and a table of the values, and asks an analyst "
                    "or data owner when unsure whether figures are strong enough to present."
                ),
                2: (
                    "Chooses a suitable chart, writes an accurate headline for a performance figure and "
                    "prepares a short, accessible data summary for a manager or team meeting."
                ),
                3: (
                    "Handles small numbers and disclosure risk, corrects flawed comparisons in draft papers "
                    "and advises decision makers on how much weight figures can bear."
                ),
                4: (
                    "Sets the standard for how the service reports its data and coaches colleagues who "
                    "present figures to boards, committees and the public."
                ),
            },
        },
        {
            "slug": "data-protection-security-and-ethics",
            "name": "Data protection, security and ethics",
            "expiry_months": 12,
            "default_target_level": 2,
            "description": (
                "Handling personal and confidential information lawfully, securely and fairly, in line "
                "with UK GDPR, the Data Protection Act 2018 and the Caldicott principles."
            ),
            "level_descriptors": {
                1: (
                    "Recognises personal and special category data, knows that a suspected breach must be "
                    "reported straight away, and knows who the information governance contacts are."
                ),
                2: (
                    "Shares information only through approved secure routes and on a need-to-know basis, "
                    "spots phishing emails, and follows the local procedure when something goes wrong."
                ),
                3: (
                    "Works through less obvious cases such as the right lawful basis, requests for a person's "
                    "own records, safeguarding disclosures and pseudonymised data, and advises colleagues."
                ),
                4: (
                    "Champions good information governance in the team, helps with data protection impact "
                    "assessments and coaches colleagues through difficult sharing decisions."
                ),
            },
        },
        {
            "slug": "using-ai-responsibly",
            "name": "Using AI responsibly",
            "expiry_months": 24,
            "default_target_level": 1,
            "description": (
                "Using AI tools, including generative AI, safely, openly and within organisational "
                "policy, while staying responsible for the work."
            ),
            "level_descriptors": {
                1: (
                    "Knows that AI tools can produce confident but false content, that only approved tools "
                    "should be used for work, and that personal data must not go into public tools."
                ),
                2: (
                    "Uses an approved tool for routine drafting or summarising, removes identifying details "
                    "first, checks the output and says when AI helped to produce the work."
                ),
                3: (
                    "Reviews AI outputs for errors and bias, questions proposals to automate decisions about "
                    "residents or patients, and helps colleagues judge when AI is the wrong tool."
                ),
                4: (
                    "Helps shape the team's local practice on AI use and coaches colleagues to use approved "
                    "tools well and safely."
                ),
            },
        },
    ],
}


QUESTIONS = [
    # ------------------------------------------------------------------
    # 1. Digital working and collaboration (dwc)
    # ------------------------------------------------------------------
    {
        "key": "dwc-01",
        "area": "digital-working-and-collaboration",
        "level": 1,
        "type": "single",
        "prompt": (
            "Your team is drafting a report together. What is the main benefit of everyone editing one "
            "shared copy in the team's online storage, rather than emailing the document back and forth?"
        ),
        "choices": [
            {
                "text": "Everyone works on the same, current version, so changes are not lost or duplicated.",
                "correct": True,
            },
            {"text": "The document no longer needs to be saved.", "correct": False},
            {"text": "Nobody can see who changed what.", "correct": False},
            {"text": "It stops anyone outside the team from ever being given access.", "correct": False},
        ],
        "explanation": (
            "A single shared copy means there is one up-to-date version that everyone sees. Emailed "
            "attachments quickly split into competing copies that someone has to merge by hand."
        ),
    },
    {
        "key": "dwc-02",
        "area": "digital-working-and-collaboration",
        "level": 1,
        "type": "single",
        "prompt": (
            "You need to set up an online meeting that includes staff from a partner housing association, "
            "and you are not sure how to invite people from outside your organisation. What should you do first?"
        ),
        "choices": [
            {
                "text": "Check your organisation's guidance or ask the IT service desk or a digital champion.",
                "correct": True,
            },
            {"text": "Set up the meeting from a free personal account on a different video service.", "correct": False},
            {"text": "Send the partners your own login details so they can join as you.", "correct": False},
            {"text": "Cancel the meeting and rely on email instead.", "correct": False},
        ],
        "explanation": (
            "Knowing when to ask for help is part of Awareness. Your organisation will have an approved way "
            "to invite guests; personal accounts and shared logins put information at risk."
        ),
    },
    {
        "key": "dwc-03",
        "area": "digital-working-and-collaboration",
        "level": 1,
        "type": "single",
        "prompt": "In a shared online document, what does 'version history' let you do?",
        "choices": [
            {
                "text": (
                    "See earlier saved states of the document, who made changes, and restore an older version if "
                    "needed."
                ),
                "correct": True,
            },
            {"text": "Check which version of the software is installed on your laptop.", "correct": False},
            {"text": "Lock the document so nobody else can open it.", "correct": False},
            {"text": "Send the document to everyone who has ever opened it.", "correct": False},
        ],
        "explanation": (
            "Version history keeps a record of earlier states of the document. It shows who changed what "
            "and lets you get back content that was removed by mistake."
        ),
    },
    {
        "key": "dwc-04",
        "area": "digital-working-and-collaboration",
        "level": 2,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "You are setting up a shared folder for a six-person project team reviewing the council's "
            "empty homes scheme. Which of these are good practice? Select all that apply."
        ),
        "choices": [
            {
                "text": "Give access to the named team members or the team's group, not to 'anyone with the link'.",
                "correct": True,
            },
            {"text": "Agree a simple file-naming convention at the start.", "correct": True},
            {
                "text": "Create the folder in the organisation's approved storage rather than a personal drive.",
                "correct": True,
            },
            {
                "text": "Ask everyone to keep their own copy of each file on their desktop as the working version.",
                "correct": False,
            },
            {"text": "Share one login for the folder so that access is easy to manage.", "correct": False},
        ],
        "explanation": (
            "Named access, agreed naming and approved storage keep the work findable and secure. Desktop "
            "working copies recreate version muddles, and shared logins hide who did what."
        ),
    },
    {
        "key": "dwc-05",
        "area": "digital-working-and-collaboration",
        "level": 2,
        "type": "single",
        "prompt": (
            "You need comments from six colleagues on a 40-page draft policy for the waste services team. "
            "Which approach is best?"
        ),
        "choices": [
            {
                "text": (
                    "Share a link to the single copy in team storage, give the six colleagues comment access, and ask "
                    "them to comment in the document."
                ),
                "correct": True,
            },
            {
                "text": "Email the document as an attachment to each person and merge their six returned copies.",
                "correct": False,
            },
            {"text": "Upload the draft to your personal cloud account and send the public link.", "correct": False},
            {"text": "Print six copies and ask for handwritten notes.", "correct": False},
        ],
        "explanation": (
            "Commenting on one shared copy keeps all feedback in one place, shows colleagues each other's "
            "points and avoids merging. Personal cloud accounts are not approved for work documents."
        ),
    },
    {
        "key": "dwc-06",
        "area": "digital-working-and-collaboration",
        "level": 2,
        "type": "single",
        "prompt": (
            "You are chairing an online team meeting and know that one attendee uses a screen reader. "
            "Which of these will help them most?"
        ),
        "choices": [
            {
                "text": (
                    "Send the slides or papers in advance in an accessible format and describe any charts or images "
                    "aloud."
                ),
                "correct": True,
            },
            {"text": "Ask everyone to turn their cameras on.", "correct": False},
            {"text": "Put the key points only in the meeting chat.", "correct": False},
            {"text": "Share your screen and move quickly through the slides to save time.", "correct": False},
        ],
        "explanation": (
            "Papers sent in advance can be read with the person's own assistive technology, and describing "
            "visuals aloud gives access to content a screen reader cannot get from a shared screen."
        ),
    },
    {
        "key": "dwc-07",
        "area": "digital-working-and-collaboration",
        "level": 2,
        "type": "ordering",
        "prompt": (
            "A paragraph has gone missing from your team's shared procedures document, probably deleted by "
            "mistake. Put these steps in the order you would carry them out."
        ),
        "items": [
            "Open the document's version history.",
            "Find the most recent version that still contains the paragraph.",
            "Copy the paragraph back into the current document (or restore that version).",
            "Let the other editors know what you restored and why.",
        ],
        "explanation": (
            "Version history shows earlier states; you find the last good one, bring back the missing text, "
            "then tell co-authors so nobody is surprised by the change."
        ),
    },
    {
        "key": "dwc-08",
        "area": "digital-working-and-collaboration",
        "level": 3,
        "type": "single",
        "prompt": (
            "On a ward, three copies of the staff rota are circulating by email: 'rota_final', "
            "'rota_final_v2' and 'rota FINAL edits'. Staff are booking shifts from different copies. "
            "You have been asked to sort it out. What is the best approach?"
        ),
        "choices": [
            {
                "text": (
                    "Agree one master copy in shared storage, reconcile the differences with the people who made "
                    "them, archive the old copies and tell everyone where the master is."
                ),
                "correct": True,
            },
            {
                "text": "Keep the copy with the latest modified date and delete the others without checking.",
                "correct": False,
            },
            {
                "text": "Let everyone keep using their own copy and merge them at the end of each month.",
                "correct": False,
            },
            {"text": "Ask the person who made 'rota_final' to email it to everyone again.", "correct": False},
        ],
        "explanation": (
            "The latest-saved copy may not contain everyone's changes, so differences must be reconciled. "
            "One clearly signposted master copy stops the problem coming back."
        ),
    },
    {
        "key": "dwc-09",
        "area": "digital-working-and-collaboration",
        "level": 3,
        "type": "single",
        "prompt": (
            "A project to reduce delayed hospital discharges involves your council, an NHS trust and a "
            "voluntary sector partner, all using different collaboration tools. What is the best way to "
            "set up shared working?"
        ),
        "choices": [
            {
                "text": (
                    "Use one organisation's approved platform with guest access limited to a dedicated project area, "
                    "agree what may be stored there, and set a date to review and remove guest access."
                ),
                "correct": True,
            },
            {"text": "Create a free consumer account that everyone in the project shares.", "correct": False},
            {
                "text": "Give the partners full access to your team's whole drive so they can find what they need.",
                "correct": False,
            },
            {
                "text": (
                    "Ask everyone to forward project documents to their personal email so they can open them anywhere."
                ),
                "correct": False,
            },
        ],
        "explanation": (
            "An approved platform with limited guest access keeps control of the information, and agreeing "
            "what is stored there and reviewing access stops it drifting. The other options lose control or "
            "over-share."
        ),
    },
    {
        "key": "dwc-10",
        "area": "digital-working-and-collaboration",
        "level": 3,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "You are checking a colleague's leaflet about new bin collection days before it goes on the "
            "council website. Which of these are accessibility problems that need fixing? Select all that apply."
        ),
        "choices": [
            {
                "text": "Collection days are shown only by colour: green for garden waste, blue for recycling.",
                "correct": True,
            },
            {"text": "The collection timetable is a picture of a table rather than a real table.", "correct": True},
            {"text": "Links say 'click here' instead of describing where they go.", "correct": True},
            {"text": "Headings use the document's built-in heading styles.", "correct": False},
            {"text": "The council logo has short alternative text.", "correct": False},
        ],
        "explanation": (
            "Colour alone, pictures of text and vague link text all shut some readers out. Built-in heading "
            "styles and alternative text for images are good practice, not problems."
        ),
    },
    # ------------------------------------------------------------------
    # 2. Finding, judging and managing information (fjm)
    # ------------------------------------------------------------------
    {
        "key": "fjm-01",
        "area": "finding-judging-and-managing-information",
        "level": 1,
        "type": "single",
        "prompt": (
            "You need your organisation's lone working policy before a home visit. Where should you look first?"
        ),
        "choices": [
            {
                "text": "The organisation's intranet or policy library, which holds the current approved version.",
                "correct": True,
            },
            {"text": "A copy you saved to your downloads folder two years ago.", "correct": False},
            {"text": "The first result from an internet search for 'lone working policy'.", "correct": False},
            {"text": "A summary a colleague posted in a team chat last year.", "correct": False},
        ],
        "explanation": (
            "Policies are updated, so saved copies and old summaries may be out of date, and another "
            "organisation's policy may not apply to you. The policy library holds the version in force."
        ),
    },
    {
        "key": "fjm-02",
        "area": "finding-judging-and-managing-information",
        "level": 1,
        "type": "single",
        "prompt": (
            "A member of the public emails the library service asking how many e-books the council's libraries "
            "lent last year. What should you do?"
        ),
        "choices": [
            {
                "text": (
                    "Pass it promptly to whoever handles information requests, because it is likely a Freedom of "
                    "Information request with a legal deadline."
                ),
                "correct": True,
            },
            {"text": "Ignore it because they did not use an official request form.", "correct": False},
            {
                "text": "Reply asking them to explain why they want the information before anything is done.",
                "correct": False,
            },
            {"text": "Tell them the information is only available to council staff.", "correct": False},
        ],
        "explanation": (
            "A written request for recorded information held by a public authority can be a request under "
            "the Freedom of Information Act 2000 even without a form or a mention of the Act. Requesters do "
            "not have to say why they want it, and the clock starts when it arrives."
        ),
    },
    {
        "key": "fjm-03",
        "area": "finding-judging-and-managing-information",
        "level": 1,
        "type": "single",
        "prompt": "What does a records retention schedule tell you?",
        "choices": [
            {
                "text": (
                    "How long each type of record must be kept and what should happen to it at the end of that period."
                ),
                "correct": True,
            },
            {"text": "Which staff are allowed to read each record.", "correct": False},
            {"text": "When the IT system that holds the records will next be upgraded.", "correct": False},
            {"text": "How many records the team created last year.", "correct": False},
        ],
        "explanation": (
            "A retention schedule sets out how long different records are kept and whether they are then "
            "destroyed or kept permanently, for example in an archive."
        ),
    },
    {
        "key": "fjm-04",
        "area": "finding-judging-and-managing-information",
        "level": 2,
        "type": "single",
        "prompt": (
            "You are preparing a briefing on falls prevention for older people. You find a blog post with a "
            "striking figure about falls, but it has no author, no date and no references. What should you do?"
        ),
        "choices": [
            {
                "text": (
                    "Look for the original source of the figure, such as a published report or official statistics, "
                    "and use that instead, or leave the figure out."
                ),
                "correct": True,
            },
            {
                "text": "Use the figure, because a figure that striking is likely to have been checked by someone.",
                "correct": False,
            },
            {"text": "Use the figure and add 'according to the internet'.", "correct": False},
            {"text": "Round the figure so it looks less precise and use it.", "correct": False},
        ],
        "explanation": (
            "Without an author, date or source you cannot judge whether the figure is accurate or current. "
            "Tracing it to an original, checkable source is the routine step."
        ),
    },
    {
        "key": "fjm-05",
        "area": "finding-judging-and-managing-information",
        "level": 2,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "Which of these are warning signs that a website may not be a trustworthy source for a work "
            "briefing? Select all that apply."
        ),
        "choices": [
            {"text": "There is no named author or organisation behind it.", "correct": True},
            {"text": "There is no date showing when it was written or last updated.", "correct": True},
            {"text": "It is selling a product that its claims would promote.", "correct": True},
            {"text": "It links to the sources of its figures.", "correct": False},
            {"text": "It is published by a recognised public body and dated this year.", "correct": False},
        ],
        "explanation": (
            "Unknown authorship, no date and a commercial motive are all reasons for caution. Linked sources "
            "and a known, dated publisher are signs you can check the content."
        ),
    },
    {
        "key": "fjm-06",
        "area": "finding-judging-and-managing-information",
        "level": 2,
        "type": "single",
        "prompt": (
            "Your team's naming convention is: date (year-month-day), subject, document type, version. "
            "Which file name follows it?"
        ),
        "choices": [
            {"text": "2024-03-18_housing-allocations-panel_minutes_v0.2", "correct": True},
            {"text": "minutes FINAL new (2)", "correct": False},
            {"text": "18.3.24 allocations minutes", "correct": False},
            {"text": "housing-allocations-panel_minutes_March", "correct": False},
        ],
        "explanation": (
            "Only the first name has all four parts in the agreed order. Putting the date as "
            "year-month-day also makes files sort into date order automatically."
        ),
    },
    {
        "key": "fjm-07",
        "area": "finding-judging-and-managing-information",
        "level": 2,
        "type": "ordering",
        "prompt": (
            "A local news story quotes a figure about people waiting for social housing in your area. "
            "Put these steps for checking it against its source in order."
        ),
        "items": [
            "Note the exact figure and what the story says it measures.",
            "Find the publication the story cites as its source.",
            "Locate the figure in the original and read its definition and date.",
            "Compare the original with the story's claim and note any differences.",
        ],
        "explanation": (
            "You need to know what is being claimed before you look for it, and you can only compare "
            "once you have found the figure and read how it is defined in the original."
        ),
    },
    {
        "key": "fjm-08",
        "area": "finding-judging-and-managing-information",
        "level": 3,
        "type": "single",
        "prompt": (
            "Two reports give different numbers of households in temporary accommodation in the borough for "
            "the same quarter. One counts households in temporary accommodation on the last day of the quarter; "
            "the other counts every household placed at any time during the quarter. What is the best explanation?"
        ),
        "choices": [
            {
                "text": (
                    "They measure different things: a snapshot on one day versus everyone placed over the period, so "
                    "the second will normally be larger."
                ),
                "correct": True,
            },
            {"text": "One of the reports must contain a mistake, because the numbers should match.", "correct": False},
            {
                "text": "The snapshot figure will normally be larger because it includes everyone ever placed.",
                "correct": False,
            },
            {"text": "The difference shows that temporary accommodation numbers are rising.", "correct": False},
        ],
        "explanation": (
            "A point-in-time count and a count over a period answer different questions. Households who "
            "arrived and left during the quarter appear only in the period count."
        ),
    },
    {
        "key": "fjm-09",
        "area": "finding-judging-and-managing-information",
        "level": 3,
        "type": "single",
        "prompt": (
            "Last week your team received a Freedom of Information request about spending on agency staff. "
            "A colleague notices that an old spreadsheet of agency costs is past its retention date and "
            "suggests deleting it before replying. What is the right response?"
        ),
        "choices": [
            {
                "text": (
                    "Keep it: information held when the request arrived must be considered, and deliberately deleting "
                    "it to avoid disclosure is a criminal offence."
                ),
                "correct": True,
            },
            {
                "text": (
                    "Delete it, because anything past its retention date must be destroyed immediately whatever else "
                    "is happening."
                ),
                "correct": False,
            },
            {"text": "Delete it, but mention in the reply that it used to exist.", "correct": False},
            {"text": "Move it to a personal drive so that it no longer counts as held by the team.", "correct": False},
        ],
        "explanation": (
            "Once a request is received, information that falls within it should not be destroyed until the "
            "request is dealt with. Under the Freedom of Information Act 2000 it is an offence to destroy or "
            "conceal records to prevent their disclosure; routine disposal can resume afterwards."
        ),
    },
    {
        "key": "fjm-10",
        "area": "finding-judging-and-managing-information",
        "level": 3,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "A colleague's draft briefing says '82% of residents are happy with library opening hours', "
            "quoting a local survey. Before the briefing relies on this, which questions should you ask? "
            "Select all that apply."
        ),
        "choices": [
            {
                "text": (
                    "How many people responded, and how were they reached (for example, only people already inside a "
                    "library)?"
                ),
                "correct": True,
            },
            {"text": "When was the survey carried out?", "correct": True},
            {"text": "What exactly were people asked?", "correct": True},
            {"text": "Is the figure above 50%, in which case no further checks are needed?", "correct": False},
            {
                "text": "Was the survey run by the council, in which case it can be used without checking?",
                "correct": False,
            },
        ],
        "explanation": (
            "A survey of current library users will miss people put off by the opening hours, and the date "
            "and wording affect what the figure means. Neither the size of the figure nor who ran the survey "
            "removes the need to check."
        ),
    },
    # ------------------------------------------------------------------
    # 3. Reading and interpreting data (rid)
    # ------------------------------------------------------------------
    {
        "key": "rid-01",
        "area": "reading-and-interpreting-data",
        "level": 1,
        "type": "single",
        "prompt": "What is the median of a set of values?",
        "choices": [
            {"text": "The middle value when the values are put in order.", "correct": True},
            {"text": "The total of the values divided by how many there are.", "correct": False},
            {"text": "The value that appears most often.", "correct": False},
            {"text": "The difference between the largest and smallest values.", "correct": False},
        ],
        "explanation": (
            "The median is the middle value once the values are sorted (or halfway between the two middle "
            "values if there is an even number). The others describe the mean, the mode and the range."
        ),
    },
    {
        "key": "rid-02",
        "area": "reading-and-interpreting-data",
        "level": 1,
        "type": "single",
        "prompt": (
            "A table compares wards using 'housing repair requests per 1,000 households' instead of the "
            "number of requests. Why?"
        ),
        "choices": [
            {
                "text": "Wards have different numbers of households, so a rate allows a fair comparison.",
                "correct": True,
            },
            {"text": "Rates are always smaller numbers and so easier to read.", "correct": False},
            {"text": "It hides which wards have the most requests.", "correct": False},
            {"text": "Counts cannot be shown in a table.", "correct": False},
        ],
        "explanation": (
            "A large ward will usually have more requests simply because it has more homes. Dividing by the "
            "number of households puts wards on the same footing."
        ),
    },
    {
        "key": "rid-03",
        "area": "reading-and-interpreting-data",
        "level": 1,
        "type": "single",
        "prompt": (
            "A bar chart of staff satisfaction scores has a vertical axis that starts at 90 instead of 0. "
            "What should you keep in mind when reading it?"
        ),
        "choices": [
            {"text": "Differences between the bars will look much bigger than they really are.", "correct": True},
            {"text": "The chart must be wrong, because all axes have to start at zero.", "correct": False},
            {"text": "The scores below 90 have been left out of the data.", "correct": False},
            {"text": "Nothing, because the axis makes no difference to how the chart looks.", "correct": False},
        ],
        "explanation": (
            "Bar lengths are read as sizes, so cutting off the bottom of the axis exaggerates gaps. "
            "Read the actual values rather than relying on the bar heights."
        ),
    },
    {
        "key": "rid-04",
        "area": "reading-and-interpreting-data",
        "level": 2,
        "type": "numeric",
        "prompt": (
            "Missed bin collections fell from 480 in the first quarter to 408 in the second quarter. "
            "By what percentage did they fall? Give your answer as a number of per cent."
        ),
        "answer": 15,
        "tolerance": 0.5,
        "unit": "%",
        "explanation": (
            "The fall is 480 - 408 = 72. Divide by the starting value: 72 / 480 = 0.15, which is a 15% fall."
        ),
    },
    {
        "key": "rid-05",
        "area": "reading-and-interpreting-data",
        "level": 2,
        "type": "numeric",
        "prompt": (
            "In one year, 45 residents of a ward with a population of 12,500 attended A&E after a fall. "
            "What is the rate per 1,000 residents? Give your answer to one decimal place."
        ),
        "answer": 3.6,
        "tolerance": 0.05,
        "unit": "per 1,000",
        "explanation": "Divide the count by the population and multiply by 1,000: 45 / 12,500 x 1,000 = 3.6.",
    },
    {
        "key": "rid-06",
        "area": "reading-and-interpreting-data",
        "level": 2,
        "type": "numeric",
        "prompt": (
            "Seven people waited these numbers of days for an occupational therapy assessment: "
            "12, 5, 30, 8, 15, 9, 41. What is the median wait in days?"
        ),
        "answer": 12,
        "tolerance": 0,
        "unit": "days",
        "explanation": (
            "In order the waits are 5, 8, 9, 12, 15, 30, 41. The middle (fourth) value is 12. The mean "
            "(about 17.1) is pulled up by the two long waits, which is why the median is often preferred here."
        ),
    },
    {
        "key": "rid-07",
        "area": "reading-and-interpreting-data",
        "level": 2,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "Monthly attendances at a minor injuries unit were: January 1,200; February 1,150; March 1,320; "
            "April 1,310. Which statements does this data support? Select all that apply."
        ),
        "choices": [
            {"text": "March had the most attendances of the four months.", "correct": True},
            {"text": "April had more attendances than January.", "correct": True},
            {"text": "Attendances rose every month.", "correct": False},
            {"text": "Attendances rose in March because of staff shortages at the local A&E.", "correct": False},
        ],
        "explanation": (
            "March (1,320) is the highest and April (1,310) is above January (1,200). February fell, so "
            "attendances did not rise every month, and the table says nothing about causes."
        ),
    },
    {
        "key": "rid-08",
        "area": "reading-and-interpreting-data",
        "level": 3,
        "type": "single",
        "prompt": (
            "The share of care leavers in education, employment or training rose from 50% last year to 60% "
            "this year. You then learn that this year, young people whose status was unknown were removed from "
            "the denominator; last year they were counted as not in education, employment or training. "
            "What is the best conclusion?"
        ),
        "choices": [
            {
                "text": (
                    "The two figures are not directly comparable: some or all of the rise may come from the change in "
                    "definition, so both years should be worked out on the same basis."
                ),
                "correct": True,
            },
            {"text": "The service improved by 10 percentage points.", "correct": False},
            {"text": "The service improved by 20%, because 10 is 20% of 50.", "correct": False},
            {"text": "The service must have got worse, because the definition changed.", "correct": False},
        ],
        "explanation": (
            "Removing people with unknown status from the bottom of the fraction raises the percentage even if "
            "nothing changes for young people. Recalculating both years on one definition shows the real change."
        ),
    },
    {
        "key": "rid-09",
        "area": "reading-and-interpreting-data",
        "level": 3,
        "type": "single",
        "prompt": (
            "Two community nursing teams report wounds healed within 12 weeks. Team A: simple wounds 85 of 100 "
            "healed, complex wounds 20 of 50; overall 105 of 150 (70%). Team B: simple wounds 44 of 50 healed, "
            "complex wounds 49 of 100; overall 93 of 150 (62%). What is the best conclusion?"
        ),
        "choices": [
            {
                "text": (
                    "Team B has the higher healing rate for both simple and complex wounds; its lower overall rate "
                    "reflects its larger share of complex wounds."
                ),
                "correct": True,
            },
            {"text": "Team A is the better performer, because its overall rate is higher.", "correct": False},
            {"text": "Team A has the higher rate for both types of wound.", "correct": False},
            {"text": "The teams cannot be compared at all because their caseloads differ.", "correct": False},
        ],
        "explanation": (
            "Team B heals 88% of simple and 49% of complex wounds, against Team A's 85% and 40%. Because "
            "two-thirds of Team B's wounds are complex, its overall figure is lower: comparing within groups "
            "gives the fairer picture."
        ),
    },
    {
        "key": "rid-10",
        "area": "reading-and-interpreting-data",
        "level": 3,
        "type": "numeric",
        "prompt": (
            "Flu vaccine uptake among frontline care staff rose from 40% to 50%. A draft report says "
            "'uptake rose by 10%'. What was the relative increase in uptake, as a percentage?"
        ),
        "answer": 25,
        "tolerance": 0.5,
        "unit": "%",
        "explanation": (
            "The rise is 10 percentage points. As a relative change it is 10 / 40 = 0.25, a 25% increase. "
            "The report should say '10 percentage points' or 'a quarter higher', not '10%'."
        ),
    },
    {
        "key": "rid-11",
        "area": "reading-and-interpreting-data",
        "level": 3,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "A council put new road safety measures at the 10 junctions with the most collisions last year. "
            "This year, collisions at those junctions fell by 30%. Which points should you raise before "
            "crediting the measures with the whole fall? Select all that apply."
        ),
        "choices": [
            {
                "text": "Sites picked because they had an unusually bad year often improve the next year anyway.",
                "correct": True,
            },
            {"text": "It would help to compare with similar junctions that did not get the measures.", "correct": True},
            {"text": "Check whether the way collisions are recorded changed between the two years.", "correct": True},
            {"text": "A 30% fall proves the measures caused the improvement.", "correct": False},
            {"text": "The fall cannot be real, because collision numbers never change by that much.", "correct": False},
        ],
        "explanation": (
            "Choosing the worst sites from one year builds in a likely fall (regression to the mean). A "
            "comparison group and a check on recording practice help separate the effect of the measures."
        ),
    },
    # ------------------------------------------------------------------
    # 4. Communicating and deciding with data (cdd)
    # ------------------------------------------------------------------
    {
        "key": "cdd-01",
        "area": "communicating-and-deciding-with-data",
        "level": 1,
        "type": "single",
        "prompt": "Why should a chart in a report show the source and date of its data?",
        "choices": [
            {"text": "So readers can check where the figures came from and how up to date they are.", "correct": True},
            {"text": "Because it makes the chart look more official.", "correct": False},
            {"text": "So that nobody needs to read the text around the chart.", "correct": False},
            {"text": "Because charts without a source cannot be printed.", "correct": False},
        ],
        "explanation": (
            "Source and date let readers judge and check the figures, and stop old data being mistaken "
            "for current data."
        ),
    },
    {
        "key": "cdd-02",
        "area": "communicating-and-deciding-with-data",
        "level": 1,
        "type": "single",
        "prompt": (
            "You have been asked to present some waiting list figures to a committee, and you are not sure "
            "whether they are reliable enough to support a decision. What should you do?"
        ),
        "choices": [
            {
                "text": (
                    "Ask the data owner or an analyst about the quality and limitations of the figures, and state any "
                    "caveats when you present them."
                ),
                "correct": True,
            },
            {"text": "Present them without comment; it is the committee's job to question them.", "correct": False},
            {"text": "Leave out any figures that look unusual.", "correct": False},
            {
                "text": "Round all the figures to the nearest hundred so that small errors do not matter.",
                "correct": False,
            },
        ],
        "explanation": (
            "Knowing when to ask for help is part of Awareness. The people who produce the data can tell you "
            "what it can and cannot support, and decision makers need to hear those limits."
        ),
    },
    {
        "key": "cdd-03",
        "area": "communicating-and-deciding-with-data",
        "level": 1,
        "type": "single",
        "prompt": "Why is it good practice to put a table of the values beside a chart?",
        "choices": [
            {
                "text": "People who cannot see the chart, or who need exact numbers, can get the same information.",
                "correct": True,
            },
            {"text": "It means the chart does not need a title.", "correct": False},
            {"text": "Tables are only needed when the chart is in colour.", "correct": False},
            {"text": "It doubles the length of the report, which looks more thorough.", "correct": False},
        ],
        "explanation": (
            "A data table gives screen reader users and anyone needing exact values the same information as "
            "the chart. Public sector websites must meet accessibility standards."
        ),
    },
    {
        "key": "cdd-04",
        "area": "communicating-and-deciding-with-data",
        "level": 2,
        "type": "single",
        "prompt": (
            "You want to compare the number of housing repair requests in each of 12 wards over one year. "
            "Which chart is most suitable?"
        ),
        "choices": [
            {"text": "A bar chart with one bar per ward, sorted from highest to lowest.", "correct": True},
            {"text": "A pie chart with 12 slices.", "correct": False},
            {"text": "A line chart joining the wards from left to right.", "correct": False},
            {"text": "A 3D chart with shading to make it stand out.", "correct": False},
        ],
        "explanation": (
            "Sorted bars make it easy to compare many categories. Twelve pie slices are hard to compare, a "
            "line suggests a sequence the wards do not have, and 3D effects distort sizes."
        ),
    },
    {
        "key": "cdd-05",
        "area": "communicating-and-deciding-with-data",
        "level": 2,
        "type": "single",
        "prompt": (
            "The average time to process a new housing benefit claim fell from 24 days in the first quarter "
            "to 18 days in the second. Which headline is accurate?"
        ),
        "choices": [
            {
                "text": (
                    "New housing benefit claims were processed 6 days faster on average in the second quarter (18 "
                    "days, down from 24)."
                ),
                "correct": True,
            },
            {"text": "Every new claim is now processed within 18 days.", "correct": False},
            {"text": "Processing time fell by 25 days.", "correct": False},
            {"text": "Benefits service transformed overnight.", "correct": False},
        ],
        "explanation": (
            "An average of 18 days does not mean every claim took 18 days or less. The fall is 6 days "
            "(a 25% reduction), and the headline should give both figures without exaggeration."
        ),
    },
    {
        "key": "cdd-06",
        "area": "communicating-and-deciding-with-data",
        "level": 2,
        "type": "numeric",
        "prompt": (
            "By the end of the year a council had collected £46.8 million of the £48.0 million council tax due. "
            "What is the collection rate, as a percentage to one decimal place?"
        ),
        "answer": 97.5,
        "tolerance": 0.05,
        "unit": "%",
        "explanation": "Divide the amount collected by the amount due: 46.8 / 48.0 = 0.975, which is 97.5%.",
    },
    {
        "key": "cdd-07",
        "area": "communicating-and-deciding-with-data",
        "level": 2,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "You are adding a line chart of monthly library visits for three branches to a report. Which of "
            "these make it clearer and more accessible? Select all that apply."
        ),
        "choices": [
            {
                "text": (
                    "A title that states the main message, such as 'Visits rose at all three branches after Sunday "
                    "opening began'."
                ),
                "correct": True,
            },
            {"text": "A table of the monthly figures next to the chart.", "correct": True},
            {"text": "Labelling each line with its branch name rather than relying on colour alone.", "correct": True},
            {"text": "Using a different bright colour for every month.", "correct": False},
            {"text": "Putting the figures only inside the chart image.", "correct": False},
        ],
        "explanation": (
            "A message title tells readers what to look for, a table gives exact values in an accessible form, "
            "and direct labels help people who cannot tell the colours apart."
        ),
    },
    {
        "key": "cdd-08",
        "area": "communicating-and-deciding-with-data",
        "level": 2,
        "type": "ordering",
        "prompt": (
            "Your manager wants a one-page summary of complaints data to help decide whether to extend "
            "customer service opening hours. Put these steps in order."
        ),
        "items": [
            "Agree what decision the summary must support and who will read it.",
            "Collect the figures and check their definitions and dates.",
            "Draft the key message and a chart that shows it.",
            "Ask a colleague to check the figures and wording before it is sent.",
        ],
        "explanation": (
            "Starting from the decision keeps the summary focused, figures must be checked before they are "
            "used, and a second pair of eyes comes last, on the finished draft."
        ),
    },
    {
        "key": "cdd-09",
        "area": "communicating-and-deciding-with-data",
        "level": 3,
        "type": "single",
        "prompt": (
            "A dashboard shows a '100% increase in complaints' at a small library branch: from 2 last quarter "
            "to 4 this quarter. A manager wants to lead the quarterly performance report with it. What is the best "
            "advice?"
        ),
        "choices": [
            {
                "text": (
                    "Show the actual counts, explain that very small numbers go up and down by chance, and look at a "
                    "longer period before drawing conclusions."
                ),
                "correct": True,
            },
            {"text": "Lead with it, because doubling is a serious rise whatever the numbers.", "correct": False},
            {"text": "Leave out the branch entirely so it cannot be criticised.", "correct": False},
            {"text": "Report it as 'complaints at the branch are out of control'.", "correct": False},
        ],
        "explanation": (
            "A change from 2 to 4 is easily down to chance, and a percentage hides how small the numbers are. "
            "Giving counts and a longer trend lets readers judge it properly."
        ),
    },
    {
        "key": "cdd-10",
        "area": "communicating-and-deciding-with-data",
        "level": 3,
        "type": "single",
        "prompt": (
            "You are preparing a table for publication showing adults receiving home care, by ward and age band. "
            "Some cells contain only 1 or 2 people. What should you do?"
        ),
        "choices": [
            {
                "text": (
                    "Suppress or combine the small cells, and check the hidden values cannot be worked out from the "
                    "row and column totals."
                ),
                "correct": True,
            },
            {"text": "Publish as it is, because no names are shown.", "correct": False},
            {"text": "Replace the small numbers with zero.", "correct": False},
            {"text": "Publish it and add a note asking readers not to identify anyone.", "correct": False},
        ],
        "explanation": (
            "Very small numbers can let people who know the area identify individuals. Suppressing or "
            "grouping them protects people, but totals must also be checked so the hidden values cannot be "
            "recalculated; replacing them with zero would simply be wrong."
        ),
    },
    {
        "key": "cdd-11",
        "area": "communicating-and-deciding-with-data",
        "level": 3,
        "type": "numeric",
        "prompt": (
            "Ward X had 400 discharges with a 10% readmission rate; Ward Y had 100 discharges with a 20% "
            "readmission rate. A colleague's draft reports a combined rate of 15% by averaging the two. "
            "What is the correct combined readmission rate, as a percentage?"
        ),
        "answer": 12,
        "tolerance": 0.1,
        "unit": "%",
        "explanation": (
            "Work from the counts: 10% of 400 is 40 and 20% of 100 is 20, so 60 readmissions from 500 discharges, "
            "which is 12%. A simple average of the two rates ignores that Ward X is four times bigger."
        ),
    },
    # ------------------------------------------------------------------
    # 5. Data protection, security and ethics (dps)
    # ------------------------------------------------------------------
    {
        "key": "dps-01",
        "area": "data-protection-security-and-ethics",
        "level": 1,
        "type": "single",
        "prompt": "Which of these is personal data under UK GDPR?",
        "choices": [
            {"text": "A resident's name together with their council tax account number.", "correct": True},
            {"text": "The total number of library visits across the council last year.", "correct": False},
            {"text": "The council's published annual budget.", "correct": False},
            {"text": "A list of the days each recycling centre is open.", "correct": False},
        ],
        "explanation": (
            "Personal data is information about an identified or identifiable living person. A name and "
            "account number identify someone; the other items are not about any individual."
        ),
    },
    {
        "key": "dps-02",
        "area": "data-protection-security-and-ethics",
        "level": 1,
        "type": "single",
        "prompt": "Which of these is special category data, which needs extra protection under UK GDPR?",
        "choices": [
            {"text": "Details of a person's health condition.", "correct": True},
            {"text": "A person's home address.", "correct": False},
            {"text": "A person's bank account number.", "correct": False},
            {"text": "A person's date of birth.", "correct": False},
        ],
        "explanation": (
            "Health is one of the special categories, along with things such as ethnicity, religion and "
            "sexual orientation. Addresses and bank details are personal data that must be protected, but "
            "they are not special category data."
        ),
    },
    {
        "key": "dps-03",
        "area": "data-protection-security-and-ethics",
        "level": 1,
        "type": "single",
        "prompt": (
            "You realise you may have sent an email containing a patient's details to the wrong person. "
            "What should you do?"
        ),
        "choices": [
            {
                "text": (
                    "Report it straight away to your manager or information governance team, following your local "
                    "procedure."
                ),
                "correct": True,
            },
            {"text": "Wait a few days to see whether the recipient says anything.", "correct": False},
            {"text": "Delete the email from your sent items so there is no record.", "correct": False},
            {"text": "Do nothing, because it was a mistake and mistakes are not breaches.", "correct": False},
        ],
        "explanation": (
            "Accidental disclosures are personal data breaches. Reporting quickly lets the organisation limit "
            "harm and decide within the legal time limit whether the regulator must be told."
        ),
    },
    {
        "key": "dps-04",
        "area": "data-protection-security-and-ethics",
        "level": 2,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "An email says it is from 'IT Service Desk' and warns that your mailbox will be closed today unless "
            "you confirm your password using a link. Which features suggest it is a phishing email? "
            "Select all that apply."
        ),
        "choices": [
            {
                "text": (
                    "The sender's address uses a domain that is similar to, but not the same as, your organisation's."
                ),
                "correct": True,
            },
            {"text": "It threatens that your account will be closed unless you act immediately.", "correct": True},
            {
                "text": (
                    "When you hover over the link, the web address shown does not match the organisation's sites."
                ),
                "correct": True,
            },
            {"text": "It asks you to enter your password through a link in the email.", "correct": True},
            {"text": "It arrived during working hours.", "correct": False},
        ],
        "explanation": (
            "Lookalike domains, pressure to act now, mismatched links and requests for passwords are classic "
            "signs. The time an email arrives tells you nothing. Report suspected phishing using your "
            "organisation's reporting route."
        ),
    },
    {
        "key": "dps-05",
        "area": "data-protection-security-and-ethics",
        "level": 2,
        "type": "single",
        "prompt": (
            "You need to send a service user's care plan to their GP practice. Which is the right way to send it?"
        ),
        "choices": [
            {
                "text": (
                    "Use the secure email or transfer route your organisation has approved for sharing with GP "
                    "practices, sent to a checked practice address."
                ),
                "correct": True,
            },
            {"text": "Send it from your personal email account, because it is quicker.", "correct": False},
            {
                "text": "Photograph it and send it by a messaging app to the practice manager's mobile.",
                "correct": False,
            },
            {"text": "Post an unencrypted memory stick to the practice.", "correct": False},
        ],
        "explanation": (
            "Health and care information must travel by approved, secure routes to a verified recipient. "
            "Personal accounts, personal phones and unencrypted media all risk loss or interception."
        ),
    },
    {
        "key": "dps-06",
        "area": "data-protection-security-and-ethics",
        "level": 2,
        "type": "single",
        "prompt": (
            "A colleague from another team, who is not involved in a patient's care, asks you for the patient's "
            "home address so they can send a get-well card, as they are neighbours. What should you do?"
        ),
        "choices": [
            {
                "text": (
                    "Politely decline: they have no work need to know, and confidential information should only be "
                    "used for a justified purpose."
                ),
                "correct": True,
            },
            {"text": "Give the address, because the colleague works for the same organisation.", "correct": False},
            {"text": "Give the address, because sending a card is kind and causes no harm.", "correct": False},
            {"text": "Let them look it up themselves on the records system.", "correct": False},
        ],
        "explanation": (
            "The Caldicott principles say confidential information should only be used where there is a "
            "justified purpose and accessed only by those who need it. Working for the same organisation "
            "does not create a need to know."
        ),
    },
    {
        "key": "dps-07",
        "area": "data-protection-security-and-ethics",
        "level": 2,
        "type": "ordering",
        "prompt": "Put these stages of handling a suspected personal data breach in the order they normally happen.",
        "items": [
            "Report the incident internally and take immediate steps to contain it.",
            "Assess how likely and how serious the harm to the people affected could be.",
            (
                "Decide whether the Information Commissioner's Office must be told (within 72 hours of becoming "
                "aware) and whether the people affected must be told."
            ),
            "Record the incident and what will change to stop it happening again.",
        ],
        "explanation": (
            "Reporting and containing come first to limit harm. The risk assessment decides whether the "
            "regulator and the individuals must be notified, and lessons are recorded once the incident is handled."
        ),
    },
    {
        "key": "dps-08",
        "area": "data-protection-security-and-ethics",
        "level": 3,
        "type": "single",
        "prompt": (
            "A draft adult social care assessment form asks people to 'consent to the council processing your "
            "data' and says they can withdraw consent at any time. The council has a legal duty to carry out "
            "these assessments. Why might the information governance lead say consent is the wrong lawful basis?"
        ),
        "choices": [
            {
                "text": (
                    "The council processes this data to carry out its legal duties and would have to carry on even if "
                    "someone withdrew consent, so consent would not be freely given or genuinely withdrawable; a "
                    "basis such as public task fits better."
                ),
                "correct": True,
            },
            {"text": "Consent can never be used by any public body for any purpose.", "correct": False},
            {"text": "Consent is only needed for paper forms, not online ones.", "correct": False},
            {"text": "No lawful basis is needed when a council carries out its statutory duties.", "correct": False},
        ],
        "explanation": (
            "Under UK GDPR consent must be a real choice that can be withdrawn. Where a council must process data "
            "to carry out its functions, a basis such as public task (with a condition for any special category "
            "data) is usually right. Public bodies can use consent where people have a genuine choice."
        ),
    },
    {
        "key": "dps-09",
        "area": "data-protection-security-and-ethics",
        "level": 3,
        "type": "single",
        "prompt": (
            "A resident writes in asking for 'all the information the council holds about me'. How should it be "
            "handled?"
        ),
        "choices": [
            {
                "text": (
                    "As a subject access request under data protection law, normally answered within one month, "
                    "extendable in complex cases."
                ),
                "correct": True,
            },
            {
                "text": (
                    "As a Freedom of Information request, answered within 20 working days and published on the "
                    "council's website."
                ),
                "correct": False,
            },
            {"text": "It can be refused, because people can only ask for specific documents.", "correct": False},
            {"text": "Only if the resident first pays a standard fee for every request.", "correct": False},
        ],
        "explanation": (
            "People have a right of access to their own personal data under UK GDPR. Such requests are not handled "
            "under the Freedom of Information Act 2000, which covers information that could be released to anyone. "
            "The usual deadline is one month, which can be extended by up to two further months for complex requests."
        ),
    },
    {
        "key": "dps-10",
        "area": "data-protection-security-and-ethics",
        "level": 3,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "A community nurse is worried that an older patient is being financially abused by a relative. "
            "Which statements about sharing information are correct? Select all that apply."
        ),
        "choices": [
            {
                "text": (
                    "Data protection law does not stop you sharing information needed to protect someone at risk."
                ),
                "correct": True,
            },
            {
                "text": (
                    "Share what is necessary and proportionate with the right people, such as the adult safeguarding "
                    "team."
                ),
                "correct": True,
            },
            {"text": "Record what was shared, with whom, when and why.", "correct": True},
            {"text": "You must always have the patient's written consent before sharing anything.", "correct": False},
            {
                "text": "Share the patient's full record with everyone who might be interested, to be safe.",
                "correct": False,
            },
        ],
        "explanation": (
            "The Data Protection Act 2018 allows sharing to safeguard people at risk, and consent is not always "
            "required. Sharing must still be limited to what is needed, go to the right people and be recorded."
        ),
    },
    {
        "key": "dps-11",
        "area": "data-protection-security-and-ethics",
        "level": 3,
        "type": "single",
        "prompt": (
            "An analyst removes names from a dataset of social care clients but keeps full postcodes, dates of "
            "birth and case reference numbers. They plan to send it to a university research team, saying "
            "'it's anonymous now'. What is the best response?"
        ),
        "choices": [
            {
                "text": (
                    "It is still personal data, because people could be re-identified; it needs a lawful basis, "
                    "appropriate agreements and safeguards before any sharing."
                ),
                "correct": True,
            },
            {"text": "It is anonymous, because it contains no names.", "correct": False},
            {"text": "It can be shared, as long as it is sent in a spreadsheet with a password.", "correct": False},
            {"text": "It can be shared, because universities are exempt from data protection law.", "correct": False},
        ],
        "explanation": (
            "Removing names only pseudonymises data if people can still be identified, for example from a "
            "postcode and date of birth or from reference numbers. Pseudonymised data remains personal data "
            "under UK GDPR."
        ),
    },
    # ------------------------------------------------------------------
    # 6. Using AI responsibly (uai)
    # ------------------------------------------------------------------
    {
        "key": "uai-01",
        "area": "using-ai-responsibly",
        "level": 1,
        "type": "single",
        "prompt": (
            "A generative AI tool gives a confident answer that includes a reference to a report that does "
            "not exist. What is this kind of error usually called?"
        ),
        "choices": [
            {"text": "A fabrication, often called a 'hallucination'.", "correct": True},
            {"text": "A software update.", "correct": False},
            {"text": "A data breach.", "correct": False},
            {"text": "A phishing attempt.", "correct": False},
        ],
        "explanation": (
            "Generative AI predicts plausible text, so it can invent facts, figures and sources that sound "
            "real. Always check outputs against trusted sources."
        ),
    },
    {
        "key": "uai-02",
        "area": "using-ai-responsibly",
        "level": 1,
        "type": "single",
        "prompt": "Before using a generative AI tool for a work task, what should you check first?",
        "choices": [
            {
                "text": (
                    "Whether your organisation has approved the tool and what its policy allows you to use it for."
                ),
                "correct": True,
            },
            {"text": "Whether colleagues in other organisations are using it.", "correct": False},
            {"text": "Whether the tool is free to use.", "correct": False},
            {"text": "Whether the tool has good reviews online.", "correct": False},
        ],
        "explanation": (
            "Organisations decide which AI tools are approved and for what, based on security, data protection "
            "and contract checks. Popularity or price does not make a tool suitable for work."
        ),
    },
    {
        "key": "uai-03",
        "area": "using-ai-responsibly",
        "level": 1,
        "type": "single",
        "prompt": "Which of these should never be pasted into a public AI chatbot?",
        "choices": [
            {"text": "Notes from a home visit that include the client's name and health details.", "correct": True},
            {"text": "A council press release that has already been published.", "correct": False},
            {"text": "A request to suggest headings for a team meeting agenda.", "correct": False},
            {"text": "A question asking how to calculate a median.", "correct": False},
        ],
        "explanation": (
            "Public AI tools may store or reuse what you type, and your organisation has no agreement "
            "controlling how they handle it. Personal and confidential information must stay out of them."
        ),
    },
    {
        "key": "uai-04",
        "area": "using-ai-responsibly",
        "level": 2,
        "type": "single",
        "prompt": (
            "You have used your organisation's approved AI assistant to draft a letter to a tenant about a rent "
            "arrears plan. What should you do before sending it?"
        ),
        "choices": [
            {
                "text": (
                    "Read it carefully, check every fact, figure and date against the case, adjust the tone, and take "
                    "responsibility for it as your own letter."
                ),
                "correct": True,
            },
            {"text": "Send it as it is, because the tool is approved.", "correct": False},
            {
                "text": "Add a line saying the council is not responsible for the content because AI wrote it.",
                "correct": False,
            },
            {"text": "Ask the tool to confirm the letter is accurate, then send it.", "correct": False},
        ],
        "explanation": (
            "Approval of a tool does not make its outputs correct. You stay responsible for what is sent, so "
            "facts, figures and tone must be checked against the real case."
        ),
    },
    {
        "key": "uai-05",
        "area": "using-ai-responsibly",
        "level": 2,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "You use an approved AI assistant to summarise a long, published consultation report on changes to "
            "library opening hours. Which of these are responsible practice? Select all that apply."
        ),
        "choices": [
            {
                "text": "Check the key points and any figures in the summary against the original report.",
                "correct": True,
            },
            {
                "text": (
                    "Say in your briefing that an AI tool helped produce the summary, in line with your "
                    "organisation's policy."
                ),
                "correct": True,
            },
            {"text": "Use only the tools and settings your organisation's AI policy allows.", "correct": True},
            {"text": "Assume the figures are right, because the tool read the whole report.", "correct": False},
            {"text": "Quote sentences from the summary as if they were the report's own words.", "correct": False},
        ],
        "explanation": (
            "Summaries can drop, distort or invent details, so they must be checked against the source. Being "
            "open about AI use and following policy keeps the work trustworthy."
        ),
    },
    {
        "key": "uai-06",
        "area": "using-ai-responsibly",
        "level": 2,
        "type": "single",
        "prompt": (
            "You want help rewording a reply to a difficult complaint. Your organisation's policy says the "
            "general-purpose AI tool you have access to must not be given personal data. What is the right approach?"
        ),
        "choices": [
            {
                "text": (
                    "Remove names, addresses, dates and any other details that could identify the person or case, and "
                    "ask only for help with structure and tone."
                ),
                "correct": True,
            },
            {"text": "Paste in the full complaint, because the tool is approved for work use.", "correct": False},
            {"text": "Use a different, unapproved AI tool that does not have the same restriction.", "correct": False},
            {
                "text": "Paste in the complaint but replace the person's first name with their initials.",
                "correct": False,
            },
        ],
        "explanation": (
            "The policy rules out personal data, so identifying details must be removed, and initials alone may "
            "still identify someone when combined with the facts of the case. Switching to an unapproved tool "
            "breaks policy."
        ),
    },
    {
        "key": "uai-07",
        "area": "using-ai-responsibly",
        "level": 2,
        "type": "ordering",
        "prompt": (
            "You want to use AI to draft a summary of notes from an internal project meeting (no personal data). "
            "Put these steps in order."
        ),
        "items": [
            "Check the tool is approved and the content is allowed under your organisation's policy.",
            "Write a clear prompt that gives the context and says what kind of summary you need.",
            "Check the draft against the original notes and correct any errors or omissions.",
            "Share the checked summary, noting that an AI tool helped to draft it.",
        ],
        "explanation": (
            "Policy comes before any content goes into a tool. The output is only shared once it has been "
            "checked, and being open about AI use comes with sharing it."
        ),
    },
    {
        "key": "uai-08",
        "area": "using-ai-responsibly",
        "level": 3,
        "type": "single",
        "prompt": (
            "The original inspection notes say: 'Of the 14 care homes in the district, 12 were visited; 8 of "
            "the homes visited met the hydration standard.' An AI-generated summary says: 'Two-thirds of care "
            "homes in the district met the hydration standard.' What is wrong with the summary?"
        ),
        "choices": [
            {
                "text": (
                    "It applies two-thirds to all 14 homes, but only 12 were visited; it should say 8 of the 12 homes "
                    "visited met the standard."
                ),
                "correct": True,
            },
            {"text": "Nothing: 8 out of 12 is two-thirds, so the summary is accurate.", "correct": False},
            {"text": "It should say 8 of 14 homes (57%) met the standard.", "correct": False},
            {"text": "It should say one-third of homes failed the standard.", "correct": False},
        ],
        "explanation": (
            "The arithmetic is right but the scope is wrong: two homes were not visited, so nothing is known "
            "about them. Saying 8 of 14 would wrongly imply the unvisited homes failed."
        ),
    },
    {
        "key": "uai-09",
        "area": "using-ai-responsibly",
        "level": 3,
        "type": "single",
        "prompt": (
            "A team proposes an AI tool, trained on past records, to decide which housing repair reports are "
            "inspected first. In the past, inspections were concentrated in areas where residents complained "
            "most often. What is the main risk?"
        ),
        "choices": [
            {
                "text": (
                    "The tool may learn and repeat the old pattern, under-serving areas and groups who report less, "
                    "so it needs an equality impact assessment, testing of outcomes across groups and human "
                    "oversight."
                ),
                "correct": True,
            },
            {"text": "There is no risk, because a computer treats everyone the same.", "correct": False},
            {"text": "The only risk is that the tool will be slower than staff.", "correct": False},
            {"text": "The risk is removed if the tool's supplier says it is unbiased.", "correct": False},
        ],
        "explanation": (
            "Tools trained on past decisions can copy past unfairness. Public bodies must consider equality "
            "impacts, check how outcomes differ between groups and keep people accountable for decisions."
        ),
    },
    {
        "key": "uai-10",
        "area": "using-ai-responsibly",
        "level": 3,
        "type": "multiple",
        "partial_credit": True,
        "prompt": (
            "You are reviewing a colleague's AI-drafted briefing on support for unpaid carers, which includes "
            "statistics and a reference list. Which checks should you make? Select all that apply."
        ),
        "choices": [
            {"text": "Check that each reference exists and says what the briefing claims it says.", "correct": True},
            {"text": "Check the statistics against their original sources.", "correct": True},
            {
                "text": (
                    "Check whether the views or needs of some groups of carers are missing or described in "
                    "stereotyped ways."
                ),
                "correct": True,
            },
            {"text": "Trust the references if they are formatted correctly.", "correct": False},
            {"text": "Ask the same AI tool whether it is sure, and accept its answer.", "correct": False},
        ],
        "explanation": (
            "AI can invent convincing references and figures, and can reflect bias in what it was trained on. "
            "Correct formatting proves nothing, and the tool checking itself is not independent verification."
        ),
    },
    {
        "key": "uai-11",
        "area": "using-ai-responsibly",
        "level": 3,
        "type": "single",
        "prompt": (
            "A supplier proposes that its AI tool should automatically approve or reject applications for "
            "council tax reduction, with no member of staff involved. What is the best advice?"
        ),
        "choices": [
            {
                "text": (
                    "Do not go ahead without a data protection impact assessment and meaningful human involvement; "
                    "people must be told and be able to challenge the decision and have a person review it."
                ),
                "correct": True,
            },
            {
                "text": "Go ahead, because automated decisions are always more consistent than human ones.",
                "correct": False,
            },
            {
                "text": "Go ahead, as long as the supplier takes legal responsibility for the decisions.",
                "correct": False,
            },
            {"text": "Go ahead, but do not tell applicants that a computer made the decision.", "correct": False},
        ],
        "explanation": (
            "Decisions with significant effects on people that are made solely by automated means are subject to "
            "limits and safeguards under UK data protection law. The council stays accountable, must assess the "
            "risks and must give people a route to human review."
        ),
    },
]


SELF_ASSESSMENT = [
    {
        "area": "digital-working-and-collaboration",
        "statement": (
            "I can share a document with the right colleagues and work on it together without creating extra copies."
        ),
    },
    {
        "area": "digital-working-and-collaboration",
        "statement": (
            "I can run or join an online meeting with people inside and outside my organisation and make sure "
            "everyone can take part."
        ),
    },
    {
        "area": "finding-judging-and-managing-information",
        "statement": (
            "I can judge whether a source is trustworthy enough to use in my work and trace a figure back to where it "
            "came from."
        ),
    },
    {
        "area": "finding-judging-and-managing-information",
        "statement": (
            "I can store and name records so others can find them, and I know how long my team's records must be kept."
        ),
    },
    {
        "area": "reading-and-interpreting-data",
        "statement": "I can work out a percentage change, a rate and a median from figures about my service.",
    },
    {
        "area": "reading-and-interpreting-data",
        "statement": "I can spot when a chart or comparison might be misleading and explain why.",
    },
    {
        "area": "communicating-and-deciding-with-data",
        "statement": "I can choose a suitable chart and write a clear, accurate message about what the figures show.",
    },
    {
        "area": "communicating-and-deciding-with-data",
        "statement": "I can explain the limits of a set of figures to someone who has to make a decision with them.",
    },
    {
        "area": "data-protection-security-and-ethics",
        "statement": "I can share personal information securely and only with people who need it for their work.",
    },
    {
        "area": "data-protection-security-and-ethics",
        "statement": "I can recognise a suspected data breach or phishing email and know exactly how to report it.",
    },
    {
        "area": "using-ai-responsibly",
        "statement": (
            "I can use an approved AI tool for a work task without putting personal or confidential information into "
            "it."
        ),
    },
    {
        "area": "using-ai-responsibly",
        "statement": "I can check AI-generated content for errors, made-up sources and bias before I rely on it.",
    },
]

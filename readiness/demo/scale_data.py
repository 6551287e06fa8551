"""The shape of the generated scale organisation: directorates, teams, roles, cohorts and courses.

Plain data read by ``readiness.demo.scale``. Names are invented; the sizes are set so that a 50,000-person
trust has about 10 directorates, 300 teams, one cohort of about 5,000 members and one of about 500.
"""

from __future__ import annotations

CLINICAL = "clinical"
CORPORATE = "corporate"

# (name, kind, share of staff, team stems): teams are named from the stems, numbered when a stem repeats
DIRECTORATES = [
    ("Medicine", CLINICAL, 0.105, ["Acute Medical Unit", "Cardiology", "Respiratory", "Elderly Care",
                                  "Gastroenterology", "Diabetes and Endocrine", "Stroke Unit", "Renal"]),
    ("Surgery", CLINICAL, 0.11, ["General Surgery", "Orthopaedics", "Theatres", "Day Surgery", "Urology",
                                "Critical Care", "Anaesthetics", "Ear, Nose and Throat"]),
    ("Women and Children", CLINICAL, 0.09, ["Maternity", "Neonatal Unit", "Paediatrics", "Gynaecology",
                                           "Community Midwifery", "Health Visiting"]),
    ("Emergency Care", CLINICAL, 0.09, ["Emergency Department", "Urgent Treatment Centre", "Ambulatory Care",
                                       "Clinical Decision Unit"]),
    ("Community Services", CLINICAL, 0.12, ["District Nursing", "Community Rehabilitation", "Intermediate Care",
                                           "Podiatry", "School Nursing", "Specialist Palliative Care"]),
    ("Mental Health", CLINICAL, 0.10, ["Adult Community Mental Health", "Crisis Resolution",
                                      "Inpatient Mental Health", "Child and Adolescent Mental Health",
                                      "Memory Service", "Psychological Therapies"]),
    ("Clinical Support Services", CLINICAL, 0.11, ["Pathology", "Radiology", "Pharmacy", "Therapies",
                                                  "Outpatients", "Medical Records"]),
    ("Estates and Facilities", CORPORATE, 0.10, ["Portering", "Domestic Services", "Catering", "Maintenance",
                                                "Security", "Sustainability"]),
    ("Finance and Digital", CORPORATE, 0.085, ["Financial Services", "Payroll", "Procurement", "Digital Services",
                                              "Business Intelligence", "Information Governance"]),
    ("Workforce and Nursing", CORPORATE, 0.09, ["Recruitment", "Learning and Development", "Occupational Health",
                                               "Nursing Quality", "Patient Experience", "Safeguarding"]),
]  # fmt: skip

# (job role, band, weight) for the staff of a team, by directorate kind; each team also has one lead
ROLES = {
    CLINICAL: [
        ("Healthcare Assistant", "Band 3", 22), ("Staff Nurse", "Band 5", 24), ("Senior Staff Nurse", "Band 6", 10),
        ("Clinical Nurse Specialist", "Band 7", 3), ("Physiotherapist", "Band 6", 4),
        ("Occupational Therapist", "Band 5", 3), ("Specialty Doctor", "Medical", 4), ("Consultant", "Consultant", 4),
        ("Pharmacist", "Band 7", 1), ("Ward Clerk", "Band 2", 6), ("Administrator", "Band 3", 6),
        ("Porter", "Band 2", 3), ("Domestic Assistant", "Band 2", 4), ("Assistant Practitioner", "Band 4", 6),
    ],
    CORPORATE: [
        ("Administrator", "Band 3", 18), ("Senior Administrator", "Band 4", 12), ("Officer", "Band 5", 16),
        ("Senior Officer", "Band 6", 12), ("Analyst", "Band 6", 8), ("Project Manager", "Band 7", 6),
        ("Porter", "Band 2", 8), ("Domestic Assistant", "Band 2", 10), ("Catering Assistant", "Band 2", 6),
        ("Engineer", "Band 5", 4),
    ],
}  # fmt: skip
TEAM_LEAD = {CLINICAL: ("Ward Manager", "Band 7"), CORPORATE: ("Team Manager", "Band 7")}
DIRECTOR = ("Director", "Band 9")

# How likely a level is at each seniority (levels 0-3 from a scored check)
LEVEL_WEIGHTS = {
    "junior": [0.25, 0.45, 0.25, 0.05],
    "middle": [0.1, 0.35, 0.4, 0.15],
    "senior": [0.05, 0.2, 0.45, 0.3],
}
SENIORITY = {
    "Band 2": "junior",
    "Band 3": "junior",
    "Band 4": "junior",
    "Band 5": "middle",
    "Band 6": "middle",
    "Medical": "middle",
}  # fmt: skip  (anything else is senior)

FIRST_NAMES = [
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Harry", "Imran", "Jess", "Kwame", "Laura",
    "Mohammed", "Niamh", "Owen", "Priya", "Rhys", "Sophie", "Tom", "Zara", "Amara", "Callum", "Deepa", "Ewan",
    "Fatima", "Gareth", "Hana", "Isaac", "Joanna", "Kieran", "Lucy", "Marek", "Nadia", "Oliver", "Rosa", "Sanjay",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
    "Morgan", "Nowak", "Okafor", "Patel", "Roberts", "Smith", "Taylor", "Williams", "Begum", "Campbell", "Edwards",
    "Kowalski", "Mensah", "Murphy", "O'Brien", "Singh", "Thomas", "Walker", "Wright", "Young",
]  # fmt: skip

DEMO_COURSE = "data-essentials"  # the demo course, created when missing
COURSES = [
    {
        "slug": "scale-essential-digital-skills",
        "title": "Essential digital skills at work",
        "areas": ["digital-working-and-collaboration", "finding-judging-and-managing-information"],
        "modules": [
            ("Working with shared tools", ["Finding your way around shared drives", "Naming and filing documents",
                                           "Working on a document together", "Meetings online that work",
                                           "Keeping your calendar useful"]),
            ("Finding and judging information", ["Searching the intranet well", "Is this source up to date?",
                                                 "Policies, guidance and local rules", "Saving what you found",
                                                 "Sharing links, not copies"]),
            ("Staying safe online", ["Spotting a phishing message", "Strong passwords and passphrases",
                                     "Locking your screen", "Reporting a problem quickly", "Working away from base"]),
        ],
    },
    {
        "slug": "scale-leading-with-data",
        "title": "Leading with data in health and care",
        "areas": ["reading-and-interpreting-data", "communicating-and-deciding-with-data"],
        "modules": [
            ("Knowing your numbers", ["What your dashboard is for", "Counts, rates and proportions",
                                      "Trends over time", "Comparing like with like", "When a change is real"]),
            ("Talking about data", ["One message per chart", "Writing a clear summary", "Presenting to your team",
                                    "Questions to ask of any figure", "Admitting uncertainty"]),
            ("Deciding with data", ["Setting a measure for a change", "Small tests of change",
                                    "Balancing measures", "Recording the decision", "Checking it worked"]),
        ],
    },
    {
        "slug": "scale-using-ai-responsibly",
        "title": "Using AI responsibly in public services",
        "areas": ["using-ai-responsibly", "data-protection-security-and-ethics"],
        "modules": [
            ("What AI tools do", ["Prediction, generation and search", "Where AI tools help",
                                  "Where they go wrong", "Checking an answer", "Keeping a human in the loop"]),
            ("Personal data and AI", ["What not to paste in", "Approved tools only", "Records of what was used",
                                      "Consent and transparency", "Raising a concern"]),
            ("Fair and accountable use", ["Bias in, bias out", "Explaining a decision", "Accessibility of outputs",
                                          "Who is accountable", "Reviewing use over time"]),
        ],
    },
]  # fmt: skip

A, B, C, D, E, F = (
    "digital-working-and-collaboration",
    "finding-judging-and-managing-information",
    "reading-and-interpreting-data",
    "communicating-and-deciding-with-data",
    "data-protection-security-and-ethics",
    "using-ai-responsibly",
)
AREA_ORDER = [A, B, C, D, E, F]

# Cohorts: rules (directorates by name, job roles, bands, started within N days of the end date or before a year),
# hand-picked share, targets for the six areas in AREA_ORDER, courses (slug, due date as days from the end date,
# negative when already past) and when the cohort was set up (months before the end date).
BIG_COHORT = "medicine-digital-essentials"  # about 10% of staff
MID_COHORT = "medicine-senior-nurses"  # about 1% of staff, a subset of the big one
COHORTS = [
    {"slug": BIG_COHORT, "name": "Medicine: digital essentials", "teams": ["Medicine"],
     "targets": (2, 2, 1, 1, 2, 1), "courses": [(DEMO_COURSE, -60), ("scale-essential-digital-skills", 45)],
     "months": 18},
    {"slug": MID_COHORT, "name": "Medicine: ward leaders and senior nurses", "teams": ["Medicine"],
     "roles": ["Senior Staff Nurse", "Ward Manager"], "targets": (2, 2, 2, 2, 3, 1),
     "courses": [("scale-leading-with-data", -30)], "months": 15},
    {"slug": "ward-managers", "name": "Ward managers", "roles": ["Ward Manager"], "targets": (3, 2, 2, 2, 3, 2),
     "courses": [("scale-leading-with-data", 30)], "months": 12},
    {"slug": "new-starters", "name": "New starters (last six months)", "started_within_days": 180,
     "targets": (1, 1, 1, 1, 2, 1), "courses": [("scale-essential-digital-skills", 60)], "months": 12},
    {"slug": "digital-champions", "name": "Digital champions", "hand_picked": 0.004, "targets": (3, 3, 2, 2, 3, 2),
     "courses": [("scale-using-ai-responsibly", 20)], "months": 10},
    {"slug": "surgery-digital-essentials", "name": "Surgery: digital essentials", "teams": ["Surgery"],
     "bands": ["Band 2", "Band 3", "Band 4"], "targets": (2, 2, 1, 1, 2, 1),
     "courses": [("scale-essential-digital-skills", -15)], "months": 16},
    {"slug": "emergency-care-essentials", "name": "Emergency care: data and records", "teams": ["Emergency Care"],
     "targets": (2, 2, 1, 1, 2, 1), "courses": [(DEMO_COURSE, 30)], "months": 14},
    {"slug": "community-nursing-data", "name": "Community nursing: using data", "teams": ["Community Services"],
     "roles": ["Staff Nurse", "Senior Staff Nurse", "Healthcare Assistant"], "targets": (2, 2, 2, 1, 2, 1),
     "courses": [(DEMO_COURSE, -90)], "months": 18},
    {"slug": "mental-health-records", "name": "Mental health: records and confidentiality", "teams": ["Mental Health"],
     "bands": ["Band 5", "Band 6"], "targets": (2, 2, 1, 1, 3, 1), "courses": [("scale-using-ai-responsibly", 90)],
     "months": 9},
    {"slug": "maternity-safety", "name": "Maternity and neonatal: safety data", "teams": ["Women and Children"],
     "roles": ["Staff Nurse", "Senior Staff Nurse"], "targets": (2, 2, 2, 2, 2, 1),
     "courses": [("scale-leading-with-data", 60)], "months": 8},
    {"slug": "diagnostics-digital", "name": "Pathology and radiology: digital working",
     "teams": ["Clinical Support Services"], "bands": ["Band 5", "Band 6"], "targets": (2, 2, 2, 1, 2, 1),
     "courses": [(DEMO_COURSE, 15)],
     "months": 11},
    {"slug": "analysts", "name": "Analysts' community of practice", "roles": ["Analyst"], "targets": (3, 3, 3, 3, 3, 2),
     "courses": [("scale-leading-with-data", -45), ("scale-using-ai-responsibly", 30)], "months": 17},
    {"slug": "finance-and-digital-leads", "name": "Finance and digital: senior leads", "teams": ["Finance and Digital"],
     "bands": ["Band 7", "Band 9"], "targets": (3, 3, 2, 2, 3, 2), "courses": [("scale-using-ai-responsibly", 10)],
     "months": 6},
    {"slug": "facilities-digital-inclusion", "name": "Estates and facilities: digital inclusion",
     "teams": ["Estates and Facilities"], "bands": ["Band 2", "Band 3"], "targets": (1, 1, 1, 1, 1, 1),
     "courses": [("scale-essential-digital-skills", 120)], "months": 7},
    {"slug": "consultants-ai", "name": "Consultants: AI in clinical practice", "roles": ["Consultant"],
     "targets": (2, 2, 2, 2, 3, 2), "courses": [("scale-using-ai-responsibly", 45)], "months": 5},
    {"slug": "nursing-quality", "name": "Workforce and nursing: quality team", "teams": ["Workforce and Nursing"],
     "targets": (2, 2, 2, 2, 2, 1), "courses": [("scale-leading-with-data", 75)], "months": 13},
    {"slug": "urgent-care-hcas", "name": "Healthcare assistants in surgery and urgent care",
     "teams": ["Surgery", "Emergency Care"], "roles": ["Healthcare Assistant"], "targets": (1, 1, 1, 1, 2, 1),
     "courses": [("scale-essential-digital-skills", -5)], "months": 4},
    {"slug": "therapists", "name": "Therapists: outcomes data", "roles": ["Physiotherapist", "Occupational Therapist"],
     "targets": (2, 2, 2, 2, 2, 1), "courses": [(DEMO_COURSE, 50)], "months": 3},
    {"slug": "ward-administrators", "name": "Ward clerks and administrators", "teams": ["Medicine", "Surgery"],
     "roles": ["Administrator", "Ward Clerk"], "targets": (2, 2, 1, 1, 2, 1),
     "courses": [("scale-essential-digital-skills", 25)], "months": 2},
    {"slug": "experienced-mentors", "name": "Experienced staff as mentors", "bands": ["Band 7"],
     "started_before_year": 2010, "targets": (3, 2, 2, 2, 2, 2), "courses": [("scale-leading-with-data", 100)],
     "months": 1},
]  # fmt: skip

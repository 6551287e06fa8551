"""A person's whole learning record: one page per staff member for HR, their line managers and admins."""

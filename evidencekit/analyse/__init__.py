"""Analysis of one document: its type, its dates and what its text states (schedules,
incidents, courses), the facts mapping and gap rules read."""

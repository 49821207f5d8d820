"""
The three editorial roles. A role is membership of its group; being a
superuser grants no role, so the admin account cannot approve or publish
unless it is also put in the group (and even then never approves its own work).

The model permissions each group holds are set by data migrations
(``0002_roles`` and later); they decide what the admin shows.
"""

WRITERS = "Writers"
MEDICAL_REVIEWERS = "Medical reviewers"
PUBLISHERS = "Publishers"

ALL_ROLES = (WRITERS, MEDICAL_REVIEWERS, PUBLISHERS)

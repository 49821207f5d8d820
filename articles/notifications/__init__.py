"""
Workflow email: who is told what, and how it reaches them.

An outbox. The actions already write one ``WorkflowEvent`` per transition
inside their transaction; the worker (``articles.worker.DUE_WORK``) turns
each *committed* event it has not handled into ``Notification`` rows, one
per recipient (``outbox.collect_events``), adds the reminders that fall due
(``reminders.collect_reminders``: review due soon or overdue, a scheduled
step overdue or failed, credentials about to expire), then sends what is
due through Django's email framework (``delivery.send_due``), each message
claimed by one worker, retried with growing delays after a failure.

So a rolled-back action sends nothing (its event never commits), and no
editor's request ever waits for an SMTP server.

kinds.py       the registry: each kind of notification, its recipients and its words
recipients.py  who the kinds name (eligible reviewers, authors, publishers...)
outbox.py      notifications from workflow events; rendering and the preference check
reminders.py   notifications from what falls due
delivery.py    sending, retries, daily digests
"""

"""
What readers get instead of a revision that failed its integrity check
(``articles.domain.integrity.revision_is_trustworthy``): a neutral page saying
the article is briefly unavailable, with ``Retry-After``. The reason goes to
the publishers, never to the reader.
"""

from django.shortcuts import render

RETRY_AFTER_SECONDS = 600


def withheld_response(request):
    response = render(request, "articles/unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Reported once per revision by the integrity check; without this Django
    # would log (and mail the admins) a "Service Unavailable" per reader.
    response._has_been_logged = True
    return response

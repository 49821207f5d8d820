"""
Staff pages of the editorial admin beyond the model forms: the review queue,
the review page of one revision, previews, comparisons and an article's
history. The model admins in ``articles.admin.model_admins`` route here after checking
that the user may see the object; each POST here checks the user's role
again through ``articles.policy`` and then calls a service, which
checks once more.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.clickjacking import xframe_options_sameorigin

from articles import actions, policy
from articles.actions.claim_marks import flag_sentence
from articles.admin import previews
from articles.admin.forms import AssignReviewForm, ClaimResolutionForm, CompareForm, NoteForm, ReviewNoteForm
from articles.claims.categories import ClaimCategory
from articles.domain import claim_flags, diffing, review_policy
from articles.models import ArticleRevision, ClaimFlag, ReviewAssignment, RevisionState

#: The queue's filters: ?show=mine (held by me) and ?show=unassigned.
QUEUE_FILTERS = {"all": "All", "mine": "Mine", "unassigned": "Unassigned"}


def review_queue(request, model_admin):
    """
    Revisions waiting for a medical reviewer: overdue assignments first, then
    those whose review policy asks for the viewer's specialty, then the
    rest, oldest first. Shows who holds each and when it is due.
    """
    user = request.user
    show = request.GET.get("show") if request.GET.get("show") in QUEUE_FILTERS else "all"
    revisions = (
        ArticleRevision.objects.review_queue()
        .with_flag_counts()
        .select_related("article__live_revision", "assignment__assignee")
    )
    if show == "mine":
        revisions = revisions.filter(assignment__assignee=user)
    elif show == "unassigned":
        revisions = revisions.filter(assignment__isnull=True)
    today = timezone.now().date()
    profile = policy.reviewer_profile(user)
    may_assign = policy.can(user, policy.ASSIGN_REVIEW)
    queue = list(revisions)
    for revision in queue:
        held = revision.current_assignment = getattr(revision, "assignment", None)
        revision.overdue = held is not None and held.is_overdue(today)
        revision.matches_you = profile is not None and review_policy.matches_policy(profile.specialty, revision)
        # policy.can_review, with the profile looked up once for the whole queue
        revision.may_claim = held is None and profile is not None and user.pk not in revision.author_ids
        revision.may_release = held is not None and (held.assignee_id == user.pk or may_assign)
    queue.sort(key=lambda revision: (not revision.overdue, not revision.matches_you))
    return TemplateResponse(
        request,
        "admin/articles/articlerevision/queue.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Review queue",
            "opts": model_admin.opts,
            "queue": queue,
            "user_pk": user.pk,
            "show": show,
            "filters": QUEUE_FILTERS,
            "may_assign": may_assign,
        },
    )


def assignment(request, model_admin, revision):
    """Claim, assign or release the review of ``revision`` (POST), then go back where the user was."""
    action = request.POST.get("action")
    back = request.POST.get("next") or reverse("admin:articles_articlerevision_queue")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("admin:articles_articlerevision_queue")
    user = request.user
    if action == "claim" and not policy.can_review(user, revision):
        raise PermissionDenied
    if action == "assign" and not policy.can(user, policy.ASSIGN_REVIEW, revision):
        raise PermissionDenied
    try:
        if action == "claim":
            actions.claim_review(revision, by=user)
            messages.success(request, f"You hold the review of revision {revision.number} of “{revision.title}”.")
        elif action == "assign":
            form = AssignReviewForm(request.POST, revision=revision)
            if not form.is_valid():
                messages.error(request, "Choose a reviewer" + (f": {form.errors.as_text()}" if form.errors else "."))
                return HttpResponseRedirect(back)
            to = form.cleaned_data["reviewer"].user
            actions.assign_review(revision, to=to, by=user, due_on=form.cleaned_data["due_on"])
            messages.success(request, f"Assigned the review of “{revision.title}” to {form.cleaned_data['reviewer'].name}.")
        elif action == "release":
            actions.release_review(revision, by=user)
            messages.success(request, f"Released the review of revision {revision.number} of “{revision.title}”.")
        else:
            messages.error(request, "Choose claim, assign or release.")
    except actions.NotPermitted:
        raise PermissionDenied from None
    except actions.ActionError as refusal:
        messages.error(request, str(refusal))
    return HttpResponseRedirect(back)


def review(request, model_admin, revision):
    """
    One revision for its reviewer: what changed since the live (or last
    approved) revision, the page as readers will see it, flagged claims,
    section notes, and the decision. Everyone on the team can read it; only
    a medical reviewer who did not write it can act on it.
    """
    if request.method == "POST":
        return _review_action(request, model_admin, revision)
    return _render_review(request, model_admin, revision)


def _review_action(request, model_admin, revision):
    if not policy.can_review(request.user, revision):
        raise PermissionDenied
    action = request.POST.get("action")
    forms = {}
    try:
        if action in ("approve", "request_changes"):
            form = forms["decision_form"] = NoteForm(request.POST)
            form.is_valid()
            note = form.cleaned_data.get("note", "")
            if action == "approve":
                actions.approve(revision, by=request.user, note=note)
                missing = review_policy.shortfall(revision)
                message = (
                    f"Recorded your approval of revision {revision.number} of “{revision.title}”. "
                    f"It still needs {missing}."
                    if missing
                    else f"Approved revision {revision.number} of “{revision.title}”."
                )
            else:
                actions.request_changes(revision, by=request.user, note=note)
                message = f"Sent revision {revision.number} of “{revision.title}” back to its writers."
            messages.success(request, message)
            return HttpResponseRedirect(reverse("admin:articles_articlerevision_queue"))
        if action == "note":
            form = ReviewNoteForm(request.POST)
            if form.is_valid():
                actions.add_review_note(
                    revision,
                    by=request.user,
                    body=form.cleaned_data["body"],
                    section_index=form.cleaned_data["section_index"],
                )
                messages.success(request, "Note added.")
                return HttpResponseRedirect(_review_url(revision) + "#notes")
            messages.error(request, "Write the note before adding it.")
        elif action == "resolve_claim":
            return _accept_card(request, model_admin, revision)
        elif action == "reopen_claim":
            flag = _flag_of(revision, request.POST.get("flag"))
            actions.reopen_claim(flag, by=request.user)
            messages.success(request, f"Reopened “{flag.text}”: decide it afresh.")
            return HttpResponseRedirect(_review_url(revision, request) + "#" + _card_of(revision, flag.pk).anchor)
        elif action == "flag_sentence":
            part, section_index, start, end = _marked_words(revision, request.POST)
            flag = flag_sentence(
                revision, by=request.user, part=part, section_index=section_index,
                start=start, end=end, category=request.POST.get("category", ""),
            )
            messages.success(request, f"Flagged “{flag.text}” as a {flag.category_label.lower()} claim.")
            return HttpResponseRedirect(_review_url(revision, request) + "#" + _card_of(revision, flag.pk).anchor)
        else:
            messages.error(request, "Choose an action.")
    except actions.ActionError as refusal:
        messages.error(request, str(refusal))
    revision = ArticleRevision.objects.select_related("article").get(pk=revision.pk)
    return _render_review(request, model_admin, revision, status=200, **forms)


def _accept_card(request, model_admin, revision):
    """
    One decision on one sentence's card: every open flag on it accepted with
    one reason (``actions.resolve_claims``). Without JavaScript the browser
    is sent back to the card's anchor; the card's script (``claim_cards.js``)
    asks for JSON and gets the card's new HTML and the open count instead.
    """
    wants_json = "application/json" in request.headers.get("Accept", "")
    flags = [_flag_of(revision, pk) for pk in request.POST.getlist("flag")] or [_flag_of(revision, None)]
    card_pk = request.POST.get("card") or str(flags[0].pk)
    card = (_card_of(revision, int(card_pk)) if card_pk.isdigit() else None) or _card_of(revision, flags[0].pk)
    if not {flag.pk for flag in flags} <= {flag.pk for flag in card.flags}:
        raise actions.InvalidInput("Accept the flags of one sentence at a time.")
    form = ClaimResolutionForm(
        request.POST, revision=revision, needs_reference=card.needs_reference, prefix=f"claim-{card.first.pk}"
    )
    error = None
    if not form.is_valid():
        error = "Give the reason the claim is acceptable as written."
    else:
        try:
            actions.resolve_claims(
                flags,
                by=request.user,
                reason=form.cleaned_data["reason"],
                reference_number=form.cleaned_data["reference_number"],
            )
        except actions.ActionError as refusal:
            error = str(refusal)
    form.refusal = error
    accepted = f"Accepted “{card.first.sentence.strip()}” as written."
    if not wants_json:
        if error is None:
            messages.success(request, accepted)
            return HttpResponseRedirect(_review_url(revision, request) + "#" + card.anchor)
        messages.error(request, error)
        revision = ArticleRevision.objects.select_related("article").get(pk=revision.pk)
        return _render_review(request, model_admin, revision, claim_forms={card.first.pk: form})
    cards = _cards(revision)
    card = next(fresh for fresh in cards if fresh.first.pk == card.first.pk)
    card.form = form if error else _card_form(revision, card)
    html = render_to_string(
        "admin/articles/articlerevision/_claim_card.html",
        {"card": card, "can_review": policy.can_review(request.user, revision), "revision": revision},
        request=request,
    )
    return JsonResponse(
        {
            "card": html,
            "open_count": sum(1 for other in cards if other.is_open),
            "message": error or accepted,
        },
        status=400 if error else 200,
    )


def _cards(revision):
    return claim_flags.by_sentence(claim_flags.flags_for_review(revision))


def _card_of(revision, flag_pk):
    """The sentence card holding the flag ``flag_pk`` (None if no card of ``revision`` does)."""
    return next((card for card in _cards(revision) if any(flag.pk == flag_pk for flag in card.flags)), None)


def _card_form(revision, card):
    return ClaimResolutionForm(revision=revision, needs_reference=card.needs_reference, prefix=f"claim-{card.first.pk}")


def _marked_words(revision, data):
    """Where the words a reviewer pasted into "flag a sentence" are: (part, section index, start, end)."""
    from articles.actions.claim_marks import InvalidClaimMark

    part, _, index = (data.get("part") or "").partition(":")
    section_index = int(index) if index.isdigit() else None
    words = " ".join((data.get("words") or "").split())
    content = revision.content()
    if part in ("section", "section_heading") and section_index is not None and section_index < len(content["sections"]):
        text = content["sections"][section_index]["body" if part == "section" else "heading"]
    else:
        text = content.get(part) if part in ("title", "summary", "standfirst", "conclusion") else None
    if not words or not isinstance(text, str) or words not in text:
        raise InvalidClaimMark("Paste words exactly as they appear in the chosen part of the revision.")
    start = text.index(words)
    return part, section_index, start, start + len(words)


def _flag_of(revision, flag_pk):
    flag = None
    if str(flag_pk).isdigit():
        flag = ClaimFlag.objects.filter(revision=revision, pk=flag_pk).first()
    if flag is None:
        raise actions.InvalidTransition("That flagged claim does not belong to this revision.")
    return flag


def _render_review(request, model_admin, revision, status=200, **forms):
    user = request.user
    article = revision.article
    default = diffing.default_review_baseline(revision, user)
    earlier = list(
        article.revisions.filter(number__lt=revision.number)
        .select_related("decision")
        .order_by("-number")
    )
    for other in earlier:
        other.article = article
    chosen = request.GET.get("against", "")
    if chosen == "new":
        baseline = None
    else:
        baseline = next((other for other in earlier if str(other.pk) == chosen), default.revision)
    diff = diffing.diff_revisions(baseline, revision)
    notes = list(revision.review_notes.select_related("author"))
    _attach_notes(diff, notes)
    previous = earlier[0] if earlier else None
    earlier_general_notes = []
    if previous is not None:
        previous_notes = list(previous.review_notes.select_related("author"))
        earlier_general_notes = [
            (_section_heading(previous, note.section_index), note)
            for note in diffing.place_earlier_notes(diff, previous_notes, previous.sections)
        ]
    cards = _cards(revision)
    claim_forms = forms.get("claim_forms", {})
    for card in cards:
        card.form = claim_forms.get(card.first.pk) or _card_form(revision, card)
    in_review = revision.state == RevisionState.IN_REVIEW
    may_review = in_review and policy.can_review(user, revision)
    approvals = review_policy.approvals_of(revision)
    held = ReviewAssignment.objects.select_related("assignee").filter(revision=revision).first()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Review: {revision.title}",
        "subtitle": f"Revision {revision.number}",
        "opts": model_admin.opts,
        "revision": revision,
        "article": article,
        "state": revision.state,
        "baseline": baseline,
        "default_baseline": default,
        "earlier_revisions": earlier,
        "previous_revision": previous,
        "earlier_general_notes": earlier_general_notes,
        "diff": diff,
        "general_notes": [note for note in notes if note.section_index is None],
        "cards": cards,
        "flag_count": sum(len(card.flags) for card in cards),
        "open_cards": sum(1 for card in cards if card.is_open),
        "decision": _decision(revision),
        "review_policy": review_policy.describe(revision),
        "approvals": approvals,
        "still_needed": review_policy.shortfall(revision, approvals),
        "already_approved": any(approval.reviewer_id == user.pk for approval in approvals),
        "assignment": held,
        "assignment_overdue": held is not None and held.is_overdue(),
        "may_claim": in_review and held is None and policy.can_review(user, revision),
        "may_release": in_review and held is not None
        and (held.assignee_id == user.pk or policy.can(user, policy.ASSIGN_REVIEW, revision)),
        "assign_form": AssignReviewForm(revision=revision)
        if in_review and policy.can(user, policy.ASSIGN_REVIEW, revision)
        else None,
        "events": revision.events.select_related("actor").order_by("-created_at", "-pk"),
        "is_author": user.pk in revision.author_ids,
        "can_review": may_review,
        "reviewer_profile": policy.reviewer_profile(user),
        "claim_categories": ClaimCategory.choices(),
        "markable_parts": [("title", "Title"), ("summary", "Key takeaways"), ("standfirst", "Introduction")]
        + [(f"section:{i}", f"Section {i + 1} “{s['heading']}”") for i, s in enumerate(revision.sections)]
        + [("conclusion", "Conclusion")],
        "decision_form": forms.get("decision_form") or NoteForm(),
        "can_preview": policy.can(user, policy.PREVIEW),
        "share_url": request.build_absolute_uri(previews.share_path(revision)),
        "share_expires_at": previews.share_link_expires_at(),
    }
    return TemplateResponse(
        request, "admin/articles/articlerevision/review.html", context, status=status
    )


def _section_heading(revision, section_index):
    """The heading of a section of ``revision`` (empty for the whole article)."""
    if section_index is None or section_index >= len(revision.sections):
        return ""
    return revision.sections[section_index]["heading"]


def _attach_notes(diff, notes):
    """Give each section of the diff the notes written on it in this revision."""
    for section in diff.sections:
        if section.new_index is not None:
            section.notes = [note for note in notes if note.section_index == section.new_index]


def _decision(revision):
    try:
        return revision.decision
    except ArticleRevision.decision.RelatedObjectDoesNotExist:
        return None


def _review_url(revision, request=None):
    """The review page's address (keeping the chosen comparison when ``request`` has one)."""
    url = reverse("admin:articles_articlerevision_review", args=[revision.pk])
    if request is not None and request.GET.get("against"):
        url += "?" + urlencode({"against": request.GET["against"]})
    return url


@xframe_options_sameorigin
def revision_preview(request, revision):
    """A revision as the public page renders it; the review page frames this."""
    return previews.render_preview(
        request,
        revision,
        banner={
            "revision": revision,
            "state": revision.state,
            "review_url": _review_url(revision),
        },
    )


def working_copy_preview(request, article):
    """The working copy (not yet a revision), as the public page would render it."""
    return previews.render_preview(
        request,
        previews.working_copy_revision(article),
        banner={"working_copy": True, "article": article},
    )


def compare(request, model_admin, article):
    """Any two revisions of one article, as a word-level diff."""
    revisions = list(article.revisions.order_by("-number"))
    form = CompareForm(request.GET or None, revisions=revisions)
    diff = old = new = None
    if form.is_valid():
        by_pk = {revision.pk: revision for revision in revisions}
        old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
        diff = diffing.diff_revisions(old, new)
    return TemplateResponse(
        request,
        "admin/articles/article/compare.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"Compare revisions: {article.title}",
            "opts": model_admin.opts,
            "original": article,
            "form": form,
            "diff": diff,
            "old": old,
            "new": new,
        },
    )


def history(request, model_admin, article):
    """The full workflow log of one article, newest first."""
    revisions = list(article.revisions.order_by("-number"))
    initial = {}
    if len(revisions) >= 2:
        initial = {"old": revisions[1].pk, "new": revisions[0].pk}
    return TemplateResponse(
        request,
        "admin/articles/article/history.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": f"History: {article.title}",
            "opts": model_admin.opts,
            "original": article,
            "events": article.events.select_related("actor", "revision").order_by("-created_at", "-pk"),
            "revisions": revisions,
            "compare_form": CompareForm(initial=initial, revisions=revisions),
        },
    )

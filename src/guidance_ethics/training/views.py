from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from guidance_ethics.accounts.access import get_organisation
from guidance_ethics.lib.forms import bound_data, run_action
from guidance_ethics.training import actions, community, practice
from guidance_ethics.training.forms import (
    CohortForm,
    EnrolForm,
    LinkPracticeForm,
    PostForm,
    ReplyForm,
    SignOffForm,
)
from guidance_ethics.training.models import (
    RUBRIC,
    Cohort,
    Enrolment,
    Post,
    PracticeSession,
    PracticeStep,
)
from guidance_ethics.training.modules import BY_KEY, MODULES


def _progress(enrolment: Enrolment) -> dict:
    passed = {r.module: r for r in enrolment.results.all() if r.passed_at is not None}
    return {
        "modules": [(module, passed.get(module.key)) for module in MODULES],
        "passed": len(passed),
        "steps": list(enrolment.steps.select_related("workshop__case", "supervisor")),
    }


@login_required
@require_safe
def home(request):
    user = request.user
    return render(
        request,
        "training/home.html",
        {
            "community": community.is_moderator(user),
            "may_practise": practice.may_practise(user),
            "spaces": community.cohorts_of(user),
            "is_trainer": actions.is_trainer(user),
            "cohorts": Cohort.objects.filter(trainers=user).prefetch_related("organisations"),
            "enrolments": Enrolment.objects.filter(trainee=user).select_related("cohort"),
            "supervising": PracticeStep.objects.filter(
                supervisor=user, signed_off_at__isnull=True
            ).select_related("enrolment__trainee", "workshop__case"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_create(request):
    if not actions.is_trainer(request.user):
        raise PermissionDenied
    form = CohortForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        cohort = run_action(form, actions.create_cohort, request.user, **form.cleaned_data)
        if cohort:
            messages.success(request, _("The cohort has been created."))
            return redirect(cohort)
    return render(
        request, "training/cohort_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort(request, pk):
    found = get_object_or_404(Cohort, pk=pk)
    if not actions.trains(request.user, found):
        raise Http404
    form = EnrolForm(bound_data(request), cohort=found)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, actions.enrol, request.user, found, form.cleaned_data["trainee"])
    ):
        messages.success(request, _("The trainee has been enrolled."))
        return redirect(found)
    enrolments = found.enrolments.select_related("trainee", "organisation").prefetch_related(
        "results", "steps"
    )
    return render(
        request,
        "training/cohort.html",
        {
            "cohort": found,
            "rows": [(e, _progress(e)) for e in enrolments],
            "module_count": len(MODULES),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _enrolment(request, pk) -> Enrolment:
    """For the trainee, the cohort's trainers and the supervisors of its steps; 404 else."""
    found = get_object_or_404(Enrolment.objects.select_related("cohort", "trainee"), pk=pk)
    user = request.user
    if (
        user == found.trainee
        or actions.trains(user, found.cohort)
        or found.steps.filter(supervisor=user).exists()
    ):
        return found
    raise Http404


@login_required
@require_safe
def enrolment(request, pk):
    found = _enrolment(request, pk)
    return render(
        request,
        "training/enrolment.html",
        {
            "enrolment": found,
            "progress": _progress(found),
            "module_count": len(MODULES),
            "is_trainee": request.user == found.trainee,
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def module(request, pk, key):
    found = _enrolment(request, pk)
    module = BY_KEY.get(key)
    if module is None:
        raise Http404
    result, wrong, error = None, [], None
    if request.method == "POST":
        if request.user != found.trainee:
            raise PermissionDenied
        try:
            answers = [int(request.POST.get(f"q{n}", "")) for n in range(len(module.questions))]
        except ValueError:
            answers = None
        try:
            result, wrong = actions.answer_self_check(request.user, found, key, answers)
        except ValidationError as refusal:
            error = refusal.messages[0]
    return render(
        request,
        "training/module.html",
        {
            "enrolment": found,
            "module": module,
            "questions": list(enumerate(module.localised_questions())),
            "result": result,
            "wrong": wrong,
            "error": error,
            "answers": request.POST if request.method == "POST" else {},
            "is_trainee": request.user == found.trainee,
            "passed": found.results.filter(module=key, passed_at__isnull=False).exists(),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def step(request, pk):
    found = get_object_or_404(
        PracticeStep.objects.select_related("enrolment__cohort", "enrolment__trainee"), pk=pk
    )
    enrolment = _enrolment(request, found.enrolment_id)
    user = request.user
    may_link = user == enrolment.trainee or actions.trains(user, enrolment.cohort)
    may_sign = found.supervisor_id == user.pk
    data = bound_data(request)
    which = request.POST.get("step") if data is not None else None
    link_form = LinkPracticeForm(data if which == "link" else None, step=found)
    sign_form = SignOffForm(data if which == "sign" else None)
    if data is not None:
        if which == "link" and may_link:
            if link_form.is_valid() and run_action(
                link_form, actions.link_practice, user, found, **link_form.cleaned_data
            ):
                messages.success(request, _("The practice step has been saved."))
                return redirect(found)
        elif which == "sign" and may_sign:
            if sign_form.is_valid() and run_action(
                sign_form,
                actions.sign_off,
                user,
                found,
                scores=sign_form.scores(),
                feedback=sign_form.cleaned_data["feedback"],
            ):
                messages.success(request, _("The practice step has been signed off."))
                return redirect(found)
        else:
            raise PermissionDenied
    labels = dict(RUBRIC)
    return render(
        request,
        "training/step.html",
        {
            "step": found,
            "enrolment": enrolment,
            "scores": [(labels[k], v) for k, v in found.scores.items() if k in labels],
            "link_form": link_form if may_link and not found.signed_off_at else None,
            "sign_form": sign_form if may_sign and not found.signed_off_at else None,
        },
        status=400 if data is not None else 200,
    )


@login_required
@require_safe
def register(request, slug):
    organisation = get_organisation(request.user, slug)
    return render(
        request,
        "training/register.html",
        {
            "organisation": organisation,
            "moderators": Enrolment.objects.filter(
                organisation=organisation, completed_at__isnull=False
            ).select_related("trainee", "cohort"),
        },
    )


# --- the community --------------------------------------------------------------------------


def _space(request, pk):
    cohort_ = get_object_or_404(Cohort, pk=pk) if pk is not None else None
    if not community.may_read(request.user, cohort_):
        raise Http404
    return cohort_


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def space(request, pk=None):
    cohort_ = _space(request, pk)
    form = PostForm(bound_data(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        made = run_action(form, actions.add_post, request.user, cohort_, **form.cleaned_data)
        if made:
            messages.success(request, _("Your post has been placed."))
            return redirect(made)
    posts = list(Post.objects.filter(cohort=cohort_).select_related("author", "case"))
    return render(
        request,
        "training/space.html",
        {
            "cohort": cohort_,
            "posts": posts,
            "readable": community.readable_case_ids(request.user, posts),
            "form": form,
            "other_spaces": community.cohorts_of(request.user),
            "moderator": community.is_moderator(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post(request, pk):
    found = get_object_or_404(Post.objects.select_related("cohort", "author", "case"), pk=pk)
    if not community.may_read(request.user, found.cohort):
        raise Http404
    form = ReplyForm(bound_data(request))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_action(form, actions.add_reply, request.user, found, **form.cleaned_data)
    ):
        messages.success(request, _("Your reply has been placed."))
        return redirect(found)
    return render(
        request,
        "training/post.html",
        {
            "post": found,
            "readable": community.readable_case_ids(request.user, [found]),
            "replies": found.replies.select_related("author"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- practice sessions ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_home(request):
    if not practice.may_practise(request.user):
        raise Http404
    found = practice.scenarios()
    error = None
    if request.method == "POST":
        try:
            session = practice.start(request.user, request.POST.get("scenario", ""))
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            base = settings.TRAINING_SIMULATOR_BASE_URL or practice.own_address(request)
            practice.launch_simulation(session, base)
            messages.success(
                request,
                _("The practice session is ready; the simulated participants are joining."),
            )
            return redirect(session)
    return render(
        request,
        "training/practice_home.html",
        {
            "scenarios": [(key, practice.title_of(s), s) for key, s in found.items()],
            "sessions": request.user.practice_sessions.select_related("workshop__case"),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
def practice_session(request, pk):
    session = get_object_or_404(
        PracticeSession.objects.select_related("workshop__case"), pk=pk, trainee=request.user
    )
    scenario = practice.scenarios().get(session.scenario, {})
    return render(
        request,
        "training/practice_session.html",
        {
            "session": session,
            "workshop": session.workshop,
            "title": practice.title_of(scenario) if scenario else session.scenario,
            "debrief": practice.debrief(session) if session.workshop.closed_at else None,
        },
    )

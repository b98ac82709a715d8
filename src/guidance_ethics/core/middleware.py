from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Dutch unless the person chose English with the language switch (a remembered cookie).

    Django's LocaleMiddleware would also follow the browser's Accept-Language header; we do
    not, so that a civil servant with an English browser still gets the Dutch interface that
    the rest of the organisation sees (docs/decisions.md).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

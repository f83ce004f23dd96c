"""factory_boy factories for the tests."""

import factory

from accounts.models import User


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    password = factory.PostGenerationMethodCall("set_password", "yrkesresan")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def authenticator(obj, create, extracted, **kwargs):
        """Those who must use MFA get the demo authenticator, so tests can log them in."""
        from accounts.demo import ensure_totp
        from accounts.mfa import mfa_required

        if create and mfa_required(obj):
            ensure_totp(obj)

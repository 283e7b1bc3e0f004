"""The product's URLs with SSO switched on, as when ``OIDC_*`` is set."""

from django.urls import include, path

from kunskapsnav.urls import urlpatterns as product_urlpatterns

urlpatterns = [*product_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]

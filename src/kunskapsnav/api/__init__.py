"""The JSON API (django-ninja): ``/api/v1/…``, documented at ``/api/docs``."""

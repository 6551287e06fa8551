from wagtail import hooks

from interop.admin_views import LrsEndpointViewSet


@hooks.register("register_admin_viewset")
def register_lrs_endpoint_viewset():
    return LrsEndpointViewSet("learning_record_stores")

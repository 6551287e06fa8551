"""Wagtail hooks for the personal-data admin screens (leavers, anonymising, audit log).

Imported by ``LearningConfig.ready()``; the screens themselves are in ``learning/privacy_admin.py``.
"""

from wagtail import hooks

from learning.privacy_admin import PersonalDataViewSetGroup


@hooks.register("register_admin_viewset")
def register_personal_data_viewsets():
    return PersonalDataViewSetGroup()

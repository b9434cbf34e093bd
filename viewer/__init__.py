"""The web viewer: server-rendered pages over the same services, permissions and journal as
the API (it calls the API's own route functions with the API's guard).

``install_viewer(app)`` adds the screens at ``/`` and their files at ``/static`` to the
application made by ``api.create_api``.
"""

from viewer._app import install_viewer
from viewer._highlight import Box, fold, marked_text, word_boxes
from viewer._i18n import LANGUAGES, accepted_language, catalog

__all__ = ["LANGUAGES", "Box", "accepted_language", "catalog", "fold", "install_viewer",
           "marked_text", "word_boxes"]

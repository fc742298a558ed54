"""The one Jinja environment every renderer uses.

Templates are looked up first in the user's ``--templates DIR`` (any shipped template can
be overridden by a file of the same name), then in the shipped templates: the top-level
``templates/`` folder of the checkout, which the wheel installs as the package
``timeline.templates``. Autoescape is always on.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path

import jinja2

from timeline import __version__
from timeline.errors import InputError


@lru_cache(maxsize=1)
def shipped_templates_dir() -> Path:
    """The folder of the shipped templates, from a wheel or from a checkout."""
    try:
        root = importlib.resources.files("timeline.templates")
        path = Path(str(root))
        if (path / "base.html").is_file():
            return path
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - broken install
        pass
    checkout = Path(__file__).resolve().parents[2] / "templates"  # pragma: no cover
    if (checkout / "base.html").is_file():  # pragma: no cover
        return checkout
    raise InputError("timeline: the shipped templates are missing from this installation")  # pragma: no cover


def shipped_asset(name: str) -> bytes:
    """Bytes of a shipped asset (``assets/timeline.css`` ...)."""
    return (shipped_templates_dir() / name).read_bytes()


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    """Jinja environment: autoescape ON, user templates before the shipped ones."""
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        user_templates = Path(user_templates)
        if not user_templates.is_dir():
            raise InputError(f"{user_templates}: templates folder not found")
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(shipped_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template, whatever its extension: content is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["timeline_version"] = __version__
    return env


def render_template(env: jinja2.Environment, name: str, **context: object) -> str:
    """Render one template; template mistakes in a user's override become one-line errors."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as err:
        where = err.filename or err.name or name
        raise InputError(f"{where}:{err.lineno}: template syntax error: {err.message}") from None
    except jinja2.TemplateNotFound as err:
        raise InputError(f"template not found: {err.name}") from None
    except jinja2.UndefinedError as err:
        raise InputError(f"template {name}: {err.message}") from None
    except jinja2.TemplateError as err:
        raise InputError(f"template {name}: {err.message or type(err).__name__}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"template {name} (or one it includes): not valid UTF-8 "
                         f"(byte offset {err.start})") from None

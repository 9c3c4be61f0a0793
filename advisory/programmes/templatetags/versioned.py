"""``{% versioned "name" part ... %}…{% endversioned %}``: a part of a page rendered once per data version and then
served from Django's cache (``advisory.core.changes.kept``).

The key is the name, the given parts, the person (``request.user``: what they may see and do), the language, today's
date and ``data_version()``, which the database raises on every write to a domain table: any change shows at once,
nothing has to be invalidated. So the part must follow from those alone: from the database's rows, the person and
the day, not from the request's form data or the time of day. A part given as None renders the block without the
cache (e.g. a page shown again with a form's errors). Forms in the block carry the user's CSRF token, which is per
session: the block is kept with a placeholder that is replaced on the way out.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from advisory.core import changes

register = template.Library()

CSRF_PLACEHOLDER = "csrf-token-placeholder-versioned-block"  # a placeholder, not a secret


class VersionedNode(template.Node):
    def __init__(self, nodelist: NodeList, name: FilterExpression, parts: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context: template.Context) -> SafeString:
        parts = [part.resolve(context) for part in self.parts]
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or any(part is None for part in parts):
            return self.nodelist.render(context)

        def render() -> str:
            with context.push(csrf_token=CSRF_PLACEHOLDER):
                return str(self.nodelist.render(context))

        version = changes.request_version(request)
        html = changes.kept(f"block-{self.name.resolve(context)}", (*parts, user.pk), render, version=version)
        token: Any = context.get("csrf_token")
        return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token if token is not None else "")))  # our rendering


@register.tag("versioned")
def versioned(parser: Parser, token: Token) -> VersionedNode:
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and at least one part of the key")
    nodelist = parser.parse(("endversioned",))
    parser.delete_first_token()
    return VersionedNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])

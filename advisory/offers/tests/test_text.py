from hypothesis import given
from hypothesis import strategies as st

from advisory.offers.text import blocks, render


def test_blank_lines_make_paragraphs_and_dashes_make_lists():
    text = "Første linje\nfortsætter her.\n\nTo punkter:\n- et\n- to\n\nSidste afsnit."
    assert render(text) == (
        "<p>Første linje fortsætter her.</p>\n<p>To punkter:</p>\n"
        "<ul><li>et</li><li>to</li></ul>\n<p>Sidste afsnit.</p>"
    )


def test_html_is_shown_as_text():
    html = render('<script>alert("x")</script>\n- <b>fed</b> & "citat"')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "<li>&lt;b&gt;fed&lt;/b&gt; &amp; &quot;citat&quot;</li>" in html


def test_windows_line_ends_empty_items_and_spaces():
    assert [b.kind for b in blocks("a\r\n\r\n-\r\n-   b  \r\n\r\n\r\n")] == ["p", "ul"]
    assert render("- \n-  ") == ""
    assert render("   ") == ""


@given(st.text(max_size=300))
def test_nothing_typed_becomes_markup(text):
    html = render(text)
    stripped = html
    for tag in ("<p>", "</p>", "<ul>", "</ul>", "<li>", "</li>"):
        stripped = stripped.replace(tag, "")
    assert "<" not in stripped and ">" not in stripped

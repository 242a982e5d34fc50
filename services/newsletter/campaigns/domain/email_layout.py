"""The responsive HTML email shell a campaign body sits in, with its CSS inlined."""

from __future__ import annotations

from html import escape

import css_inline

# Rules are written once here and inlined onto elements, because many email clients drop
# <style> blocks; only the @media rules stay in a <style> block, for clients that honour them.
LAYOUT_CSS = """
body { margin: 0; padding: 0; background-color: #f4f4f5; }
.wrapper { width: 100%; background-color: #f4f4f5; }
.container { width: 100%; max-width: 600px; background-color: #ffffff; }
.content { padding: 32px 32px 16px 32px; color: #1f2933;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.6; }
.content h1 { font-size: 26px; line-height: 1.25; margin: 0 0 16px 0; }
.content h2 { font-size: 21px; line-height: 1.3; margin: 24px 0 12px 0; }
.content h3 { font-size: 18px; line-height: 1.3; margin: 20px 0 8px 0; }
.content p { margin: 0 0 16px 0; }
.content ul, .content ol { margin: 0 0 16px 0; padding-left: 24px; }
.content li { margin: 0 0 6px 0; }
.content a { color: #1d4ed8; text-decoration: underline; }
.content blockquote { margin: 0 0 16px 0; padding: 0 0 0 16px; border-left: 4px solid #d4d4d8; color: #52525b; }
.content img { max-width: 100%; height: auto; border: 0; }
.content pre { white-space: pre-wrap; font-family: Menlo, Consolas, monospace; font-size: 14px; }
.content hr { border: 0; border-top: 1px solid #e4e4e7; margin: 24px 0; }
.footer { padding: 16px 32px 32px 32px; color: #52525b;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  font-size: 13px; line-height: 1.5; }
.footer p { margin: 0 0 12px 0; }
.footer a { color: #52525b; text-decoration: underline; }
.preheader { display: none; max-height: 0; max-width: 0; overflow: hidden; opacity: 0;
  color: transparent; font-size: 1px; line-height: 1px; mso-hide: all; }
@media only screen and (max-width: 620px) {
  .content { padding: 20px 16px 8px 16px !important; }
  .footer { padding: 12px 16px 24px 16px !important; }
}
"""
# Invisible filler after the preheader stops inbox previews running on into the body text.
PREHEADER_FILLER = "&zwnj;&nbsp;" * 40


def email_document(*, subject: str, preheader: str, body_html: str, footer_html: str) -> str:
    """Return the full HTML email: hidden preheader, single 600px column, CSS inlined."""
    preheader_html = f'<span class="preheader">{escape(preheader)}{PREHEADER_FILLER}</span>' if preheader else ""
    document = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<title>{escape(subject)}</title>
<style>{LAYOUT_CSS}</style>
</head>
<body>
{preheader_html}
<table role="presentation" class="wrapper" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center">
<table role="presentation" class="container" width="600" cellpadding="0" cellspacing="0" border="0">
<tr><td class="content">
{body_html}
</td></tr>
<tr><td class="footer">
{footer_html}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>"""
    return css_inline.inline(document, keep_at_rules=True, load_remote_stylesheets=False)

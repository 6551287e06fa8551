"""A PDF certificate for an award: real, selectable text, the verification address and a QR code to it.

Rendered by WeasyPrint from ``credentials/certificate.html`` as a tagged PDF (PDF/UA-1: a structure tree,
the document's language and title), so screen readers read it in order. WeasyPrint and qrcode are imported
here only, when a certificate is asked for, so web workers do not load them at start.
"""

from __future__ import annotations

import base64
import io

from django.template.loader import render_to_string

from credentials import links
from credentials.models import Award

PDF_VARIANT = "pdf/ua-1"


def qr_code_svg(text: str) -> bytes:
    """Return a QR code for ``text`` as SVG (vector, so it prints sharp)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, image_factory=SvgPathImage)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


def certificate_html(award: Award) -> str:
    """Return the certificate as HTML (what the PDF is made from)."""
    verify_url = links.award_url(award)
    qr = "data:image/svg+xml;base64," + base64.b64encode(qr_code_svg(verify_url)).decode("ascii")
    staff = award.staff
    return render_to_string(
        "credentials/certificate.html",
        {
            "award": award,
            "holder": f"{staff.first_name} {staff.last_name}".strip(),
            "achievement": award.achievement,
            "issuer_name": award.issuer.organisation.name,
            "evidence": award.credential.get("evidence", []),
            "verify_url": verify_url,
            "qr": qr,
        },
    )


def certificate_pdf(award: Award) -> bytes:
    """Return the award's certificate as a tagged PDF."""
    from weasyprint import HTML

    return HTML(string=certificate_html(award), base_url=links.site_url()).write_pdf(pdf_variant=PDF_VARIANT)

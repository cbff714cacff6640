"""Photos for the child's missing profile: checked, re-encoded and kept in the database.

Every upload is opened with Pillow and written again as a JPEG no larger than MAX_SIDE pixels.
That refuses anything that is not really a picture, turns it the right way up, and drops the
EXIF block (which can hold where and when a phone took it). An upload first waits, owned by its
uploader only, until they say whose photo it is (storage.profiles.attach_photo)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import delete
from sqlalchemy.orm import Session

from storage.models import ChildPhoto

MAX_UPLOAD_BYTES = 15 * 1024 * 1024  # a phone's full-size picture fits; anything bigger is not one
MAX_SIDE = 1600  # pixels: plenty for a printed A4 page and for recognising a face
MIN_SIDE = 64  # smaller is an icon or a sticker, not a likeness
JPEG_QUALITY = 85
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO"})
MIME = "image/jpeg"
# Pillow refuses images over this many pixels (decompression bombs) before decoding them.
Image.MAX_IMAGE_PIXELS = 60_000_000


class PhotoRejected(ValueError):
    """Not a usable photo; the message says why in words a carer understands."""


@dataclass(frozen=True)
class Normalised:
    data: bytes
    width: int
    height: int


def normalise_image(raw: bytes) -> Normalised:
    """The upload as a plain JPEG (upright, no metadata, at most MAX_SIDE pixels a side)."""
    if not raw:
        raise PhotoRejected("the file was empty")
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PhotoRejected("the file is too big for a photo (over 15 MB)")
    try:
        with Image.open(io.BytesIO(raw)) as opened:
            if opened.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(f"{opened.format or 'this'} files are not photos I can keep")
            opened.load()
            upright = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise PhotoRejected("I could not open it as a picture") from None
    if min(upright.size) < MIN_SIDE:
        raise PhotoRejected("it is too small to show a likeness")
    picture = upright.convert("RGB")  # JPEG has no transparency; PDFs print RGB
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return Normalised(out.getvalue(), picture.width, picture.height)


def store_upload(session: Session, raw: bytes, *, by: int | None, now: datetime) -> ChildPhoto:
    """Keep a checked upload, not yet anyone's photo. Raises PhotoRejected."""
    image = normalise_image(raw)
    photo = ChildPhoto(
        child_id=None,
        data=image.data,
        mime_type=MIME,
        width=image.width,
        height=image.height,
        uploaded_at=now,
        uploaded_by_id=by,
    )
    session.add(photo)
    session.flush()
    return photo


def pending_upload(session: Session, photo_id: int, staff_id: int) -> ChildPhoto | None:
    """This person's upload that has not been given to a child yet, if it is one."""
    photo = session.get(ChildPhoto, photo_id)
    if photo is None or photo.child_id is not None or photo.uploaded_by_id != staff_id:
        return None
    return photo


def discard_upload(session: Session, photo_id: int, staff_id: int) -> bool:
    """Delete a pending upload of this person (a photo they did not mean to send)."""
    if pending_upload(session, photo_id, staff_id) is None:
        return False
    session.execute(delete(ChildPhoto).where(ChildPhoto.id == photo_id))
    session.flush()
    return True

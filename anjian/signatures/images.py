"""Signature images: checked before they are decoded, decoded to be sure, stored once per SHA-256 as
signatures/<sha256>.png (ADR 0034), read back only when they still match the SHA-256 their row keeps."""

import io
from dataclasses import dataclass

from anjian.common.errors import ServiceConflict, ServiceInvalid
from anjian.common.storage import (
    SIGNATURES,
    StoredFileProblem,
    forget,
    keep_bytes,
    read_verified,
    sha256_of,
    stored_name,
)
from anjian.domain.signature_rules import image_problem, png_header


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    sha256: str
    size: int
    width: int
    height: int


def image_name(sha256: str) -> str:
    return stored_name(SIGNATURES, sha256, "png")


def _decodes(data: bytes, width: int, height: int) -> bool:
    """Pillow reads the whole PNG (chunks' CRCs, the compressed pixels) to the size its header declared."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.verify()
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()
            return image.size == (width, height)
    except Exception:  # Pillow raises many types for broken files
        return False


def image_checked(data: bytes) -> CheckedImage:
    """The image if it may be kept: PNG by its magic bytes, at most 300 KB, the IHDR's declared size within
    2400×1200 — all before decoding — then decoded. ServiceInvalid at field "image" otherwise."""
    problem = image_problem(data)
    if problem:
        raise ServiceInvalid(("image", problem))
    header = png_header(data)
    if not _decodes(data, header.width, header.height):
        raise ServiceInvalid(("image", "签名图像不是有效的 PNG 图片"))
    return CheckedImage(data, sha256_of(data), len(data), header.width, header.height)


def image_keep(image: CheckedImage) -> bool:
    """Store the image (inside the caller's transaction): True when this call created the file."""
    return keep_bytes(image_name(image.sha256), image.data)


def image_discard(sha256: str) -> None:
    """After a failed save: the file this attempt created, unless a committed signature names it."""
    from anjian.signatures.models import Signature

    if not Signature.objects.filter(image_sha256=sha256).exists():
        forget(image_name(sha256))


def signature_image(signature) -> bytes:
    """A signature's stored image, checked against the SHA-256 its row keeps (ServiceConflict in plain words when
    the file is gone or no longer matches)."""
    try:
        return read_verified(image_name(signature.image_sha256), signature.image_sha256, "签名图像")
    except StoredFileProblem as exc:
        raise ServiceConflict(str(exc)) from exc

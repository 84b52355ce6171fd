"""Where a video comes from: the container of an uploaded file, or a platform's address.

Pure Python, no Django. ``sniff_container`` reads the first bytes of a file (never its
name) and tells MP4, WebM or Ogg apart from anything else. ``parse_video_url`` checks
the shape of a PeerTube, YouTube or Vimeo address and gives the platform, the video's
id and the privacy-friendly address of its player (youtube-nocookie.com, Vimeo with
``dnt=1``, PeerTube's ``/videos/embed/<id>`` without peer-to-peer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

# --- Uploaded files -------------------------------------------------------------------

MP4 = "mp4"
WEBM = "webm"
OGG = "ogg"
CONTENT_TYPES = {MP4: "video/mp4", WEBM: "video/webm", OGG: "video/ogg"}
SNIFF_BYTES = 64

# ISO base media "ftyp" brands of the MP4 family that browsers play.
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
    b"M4VP",
    b"mmp4",
    b"MSNV",
    b"qt  ",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"3g2a",
    b"av01",
    b"cmfc",
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE_ID = b"\x42\x82"


def sniff_container(head: bytes) -> str | None:
    """``"mp4"``, ``"webm"`` or ``"ogg"`` from a file's first bytes; None for anything else."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[:4], "big")
        if box_size >= 16 and head[8:12] in MP4_BRANDS:
            return MP4
        return None
    if head.startswith(EBML_MAGIC):
        # A Matroska file is an EBML document too: WebM says so in its DocType.
        doctype_at = head.find(EBML_DOCTYPE_ID)
        if doctype_at != -1 and head[doctype_at + 3 : doctype_at + 7] == b"webm":
            return WEBM
        return None
    if head.startswith(b"OggS") and len(head) >= 28:
        return OGG
    return None


# --- Platforms ------------------------------------------------------------------------

PEERTUBE = "peertube"
YOUTUBE = "youtube"
VIMEO = "vimeo"

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
VIMEO_ID = re.compile(r"^\d{4,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
# PeerTube ids: a UUID, or since v3 a short UUID (base58, 22 characters).
PEERTUBE_ID = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|[1-9A-HJ-NP-Za-km-z]{20,24})$"
)

YOUTUBE_EMBED_HOST = "www.youtube-nocookie.com"
VIMEO_EMBED_HOST = "player.vimeo.com"

# Why an address was refused (stable codes; the form translates them).
NOT_HTTPS = "not_https"
UNKNOWN_PLATFORM = "unknown_platform"
NO_VIDEO_ID = "no_video_id"


@dataclass(frozen=True)
class LinkedVideo:
    platform: str
    video_id: str
    host: str
    watch_url: str  # a canonical address to watch it on the platform
    embed_url: str  # the player, for an <iframe>


class InvalidVideoUrl(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _host(netloc: str) -> str:
    return netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]


def parse_video_url(url: str, peertube_hosts: Iterable[str] = ()) -> LinkedVideo:
    """The platform and player of a video address; raises :class:`InvalidVideoUrl`."""
    parts = urlsplit((url or "").strip())
    if parts.scheme != "https":
        raise InvalidVideoUrl(NOT_HTTPS)
    host = _host(parts.netloc)
    if "@" in parts.netloc or (":" in parts.netloc and not parts.netloc.endswith(":443")):
        raise InvalidVideoUrl(UNKNOWN_PLATFORM)
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    if host in YOUTUBE_HOSTS or host in ("youtu.be", "www.youtube-nocookie.com"):
        return _youtube(host, path, query)
    if host in VIMEO_HOSTS:
        return _vimeo(host, path, query)
    if host in {h.lower() for h in peertube_hosts}:
        return _peertube(host, path)
    raise InvalidVideoUrl(UNKNOWN_PLATFORM)


def _youtube(host: str, path: list[str], query: dict[str, list[str]]) -> LinkedVideo:
    video_id = ""
    if host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    elif path == ["watch"]:
        video_id = (query.get("v") or [""])[0]
    elif len(path) == 2 and path[0] in ("embed", "shorts", "live", "v"):
        video_id = path[1]
    if not YOUTUBE_ID.match(video_id):
        raise InvalidVideoUrl(NO_VIDEO_ID)
    return LinkedVideo(
        platform=YOUTUBE,
        video_id=video_id,
        host="www.youtube.com",
        watch_url=f"https://www.youtube.com/watch?v={video_id}",
        embed_url=f"https://{YOUTUBE_EMBED_HOST}/embed/{video_id}",
    )


def _vimeo(host: str, path: list[str], query: dict[str, list[str]]) -> LinkedVideo:
    video_id, private_hash = "", ""
    if host == VIMEO_EMBED_HOST:
        if len(path) == 2 and path[0] == "video":
            video_id = path[1]
            private_hash = (query.get("h") or [""])[0]
    elif len(path) == 1:
        video_id = path[0]
    elif len(path) == 2 and VIMEO_ID.match(path[0]) and VIMEO_HASH.match(path[1]):
        video_id, private_hash = path  # an unlisted video: vimeo.com/<id>/<hash>
    elif len(path) == 3 and path[0] == "channels":
        video_id = path[2]
    elif len(path) == 4 and path[0] == "groups" and path[2] == "videos":
        video_id = path[3]
    if not VIMEO_ID.match(video_id) or (private_hash and not VIMEO_HASH.match(private_hash)):
        raise InvalidVideoUrl(NO_VIDEO_ID)
    params = {"dnt": "1"}
    if private_hash:
        params["h"] = private_hash
    watch = f"https://vimeo.com/{video_id}" + (f"/{private_hash}" if private_hash else "")
    return LinkedVideo(
        platform=VIMEO,
        video_id=video_id,
        host="vimeo.com",
        watch_url=watch,
        embed_url=f"https://{VIMEO_EMBED_HOST}/video/{video_id}?{urlencode(params)}",
    )


def _peertube(host: str, path: list[str]) -> LinkedVideo:
    video_id = ""
    if len(path) == 2 and path[0] == "w":
        video_id = path[1]
    elif len(path) == 3 and path[0] == "videos" and path[1] in ("watch", "embed"):
        video_id = path[2]
    if not PEERTUBE_ID.match(video_id):
        raise InvalidVideoUrl(NO_VIDEO_ID)
    return LinkedVideo(
        platform=PEERTUBE,
        video_id=video_id,
        host=host,
        watch_url=f"https://{host}/w/{video_id}",
        # p2p=0: the player does not share the viewer's address with other viewers.
        embed_url=f"https://{host}/videos/embed/{video_id}?p2p=0",
    )


# --- Byte ranges ----------------------------------------------------------------------

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class UnsatisfiableRange(ValueError):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """``(first, last)`` byte positions (inclusive) asked by a ``Range`` header.

    None means "send the whole file": no header, a syntax or unit this server ignores,
    or several ranges (RFC 9110 lets a server answer those with the full content).
    Raises :class:`UnsatisfiableRange` when no byte of the range is in the file.
    """
    header = (header or "").strip()
    if not header or "," in header:
        return None
    match = RANGE.match(header.replace(" ", ""))
    if not match:
        return None
    first_text, last_text = match.groups()
    if not first_text:
        if not last_text:
            return None
        suffix = int(last_text)  # bytes=-500: the last 500 bytes
        if suffix == 0 or size == 0:
            raise UnsatisfiableRange
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if last_text and last < first:
        return None  # invalid: ignored
    if first >= size:
        raise UnsatisfiableRange
    return first, min(last, size - 1)

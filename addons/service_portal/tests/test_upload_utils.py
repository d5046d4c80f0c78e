"""Pure checks of the uploads and form dates: no database needed."""

import unittest
from datetime import datetime

from odoo.addons.service_portal.utils.upload import (
    EMPTY,
    TOO_LARGE,
    WRONG_TYPE,
    check_upload,
    parse_local_datetime,
    safe_filename,
    shown_filename,
    sniff_mimetype,
)

from .common import EXE, PDF, PNG, SVG


class TestUploadUtils(unittest.TestCase):
    def test_type_comes_from_the_content(self):
        self.assertEqual(sniff_mimetype(PNG), "image/png")
        self.assertEqual(sniff_mimetype(b"\xff\xd8\xff\xe0" + b"0" * 20), "image/jpeg")
        self.assertEqual(sniff_mimetype(b"GIF89a" + b"0" * 10), "image/gif")
        self.assertEqual(sniff_mimetype(b"RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp")
        self.assertEqual(sniff_mimetype(PDF), "application/pdf")
        for bad in (SVG, EXE, b"<html>", b"", "text", None, 12):
            self.assertIsNone(sniff_mimetype(bad))

    def test_check_upload(self):
        self.assertEqual(check_upload(PNG, 1024), ("image/png", None))
        self.assertEqual(check_upload(b"", 1024), (None, EMPTY))
        self.assertEqual(check_upload(PNG + b"0" * 2000, 1024), (None, TOO_LARGE))
        self.assertEqual(check_upload(SVG, 1024), (None, WRONG_TYPE))
        self.assertEqual(check_upload(EXE, 1024), (None, WRONG_TYPE))

    def test_safe_filename_takes_the_real_extension(self):
        self.assertEqual(safe_filename("boiler.exe", "application/pdf"), "boiler.pdf")
        self.assertEqual(
            safe_filename("C:\\Users\\me\\leak.PNG", "image/png"), "leak.png"
        )
        self.assertEqual(safe_filename("../../etc/passwd", "image/png"), "passwd.png")
        self.assertEqual(safe_filename("<script>", "image/jpeg", 3), "script.jpg")
        self.assertEqual(safe_filename("", "image/gif", 2), "photo-2.gif")
        self.assertEqual(safe_filename(None, None, 1), "photo-1")

    def test_shown_filename(self):
        self.assertEqual(shown_filename("C:\\temp\\oven.png"), "oven.png")
        self.assertEqual(shown_filename("<b>x<b>.png"), "bxb.png")
        self.assertEqual(shown_filename("", 2), "file 2")

    def test_parse_local_datetime(self):
        self.assertEqual(
            parse_local_datetime("2030-03-04T09:30"), datetime(2030, 3, 4, 9, 30)
        )
        self.assertEqual(
            parse_local_datetime("2030-03-04 09:30:15"),
            datetime(2030, 3, 4, 9, 30, 15),
        )
        self.assertIsNone(parse_local_datetime(""))
        self.assertIsNone(parse_local_datetime(None))
        for bad in (
            "tomorrow",
            "2030-13-01T09:00",
            "10000-01-01T00:00",
            "0001-01-01T00:00",
            "x" * 200,
            5,
            ["2030"],
        ):
            with self.assertRaises(ValueError):
                parse_local_datetime(bad)

#!/usr/bin/env python3
"""Verify a dsr-portal webhook delivery (README, "Webhooks").

Every delivery carries `X-DSR-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the
HMAC key is the webhook's secret and the message is `<t>.<raw request body>`. A receiver:
  1. takes the raw body bytes as received (before any JSON parsing),
  2. refuses a `t` more than TOLERANCE seconds from its own clock (a captured delivery
     can't be replayed later),
  3. recomputes the HMAC and compares it in constant time with each `v1`,
  4. dedupes on the event `id` (deliveries are at least once).

Usage: WEBHOOK_SECRET=... verify_webhook.py '<X-DSR-Signature value>' < body
"""
import hashlib
import hmac
import os
import sys
import time

TOLERANCE = 300  # seconds


def verify(secret: bytes, header: str, body: bytes, now=None, tolerance=TOLERANCE) -> bool:
    fields = [p.strip().split("=", 1) for p in header.split(",")]
    fields = [f for f in fields if len(f) == 2]
    ts = [v for k, v in fields if k == "t"]
    signatures = [v for k, v in fields if k == "v1"]
    if len(ts) != 1 or not signatures or not ts[0].isdigit():
        return False
    now = time.time() if now is None else now
    if abs(now - int(ts[0])) > tolerance:
        return False
    expected = hmac.new(secret, ts[0].encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in signatures)


if __name__ == "__main__":
    ok = verify(os.environ["WEBHOOK_SECRET"].encode(), sys.argv[1], sys.stdin.buffer.read())
    print("valid" if ok else "invalid")
    sys.exit(0 if ok else 1)

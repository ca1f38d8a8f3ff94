#!/usr/bin/env python3
"""The reference implementation l360 is measured against: the same bulk upsert job, in plain Python.

Read a JSON file (an array, or {"input": [...]}), cut it into chunks of 10,000, get a token, PUT each chunk to
/api/v2/bulk/integrations/{id}/courses with at most 3 operations in flight and at most 10 writes a second, poll
each Location until the operation ends, then fetch every result. Standard library only (json, urllib).

Usage: reference.py BASE_URL CLIENT_ID CLIENT_SECRET INTEGRATION_ID FILE
Prints one line: "<operations> operations, <ok> ok, <failed> failed".
"""
import json
import sys
import time
import urllib.request

CHUNK = 10_000
IN_FLIGHT = 3
WRITES_PER_SECOND = 10


def call(method, url, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
        headers["360-api-version"] = "v2.0"
    data = json.dumps(body, separators=(",", ":")).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request) as response:
        payload = response.read()
        return response.status, response.headers, (json.loads(payload) if payload else None)


def main():
    base, client_id, secret, integration, path = sys.argv[1:6]
    with open(path, "rb") as f:
        document = json.load(f)
    items = document["input"] if isinstance(document, dict) else document
    _, _, token = call("POST", base + "/api/v2/oauth2/token", body={
        "grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
    token = token["access_token"]

    def finished(location, delay):
        _, _, operation = call("GET", location, token)
        return operation["status"] in ("completed", "error")

    in_flight, done, writes = [], [], []
    for start in range(0, len(items), CHUNK):
        while len(in_flight) >= IN_FLIGHT:  # wait for one of our operations to end
            for location in list(in_flight):
                if finished(location, 0):
                    in_flight.remove(location)
                    done.append(location)
            if len(in_flight) >= IN_FLIGHT:
                time.sleep(0.05)
        now = time.monotonic()
        writes = [t for t in writes if now - t < 1.0]
        if len(writes) >= WRITES_PER_SECOND:
            time.sleep(1.0 - (now - writes[0]))
        writes.append(time.monotonic())
        status, headers, _ = call("PUT", f"{base}/api/v2/bulk/integrations/{integration}/courses", token,
                                  {"input": items[start:start + CHUNK]})
        assert status == 202, status
        in_flight.append(headers["Location"])
    delay = 0.5
    while in_flight:
        for location in list(in_flight):
            if finished(location, delay):
                in_flight.remove(location)
                done.append(location)
        if in_flight:
            time.sleep(delay)
            delay = min(delay * 2, 10)
    ok = failed = 0
    for location in done:
        _, _, results = call("GET", location + "/results", token)
        for result in results:
            if result["status"] == "success":
                ok += 1
            else:
                failed += 1
    print(f"{len(done)} operations, {ok} ok, {failed} failed")


if __name__ == "__main__":
    main()

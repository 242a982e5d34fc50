"""What the leads benchmark sends (an assessment with a new email each time) and the bare app used as its ceiling."""

from __future__ import annotations

import json

from flask import Flask, Response, request

from tests.leads import payloads

PATH = "/api/leads/assessments"
EMAIL_SLOT = "BENCH_EMAIL"
LUA = """
local template = [==[%s]==]
local counter = 0
local id = 0
local next_id = 0
function setup(thread) next_id = next_id + 1; thread:set("id", next_id) end
function request()
  counter = counter + 1
  local email = "bench-" .. id .. "-" .. counter .. "-" .. math.random(1e9) .. "@example.com"
  local body = string.gsub(template, "BENCH_EMAIL", email)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
"""


def bench_body() -> str:
    """A likely-eligible assessment whose email wrk replaces per request (no phone, so no dedupe)."""
    body = payloads.likely_eligible()
    body["contact"]["email"] = EMAIL_SLOT
    body["contact"]["phone"] = None
    return json.dumps(body)


def post_script() -> str:
    """wrk's Lua script posting the bench body with a new email each request."""
    return LUA % bench_body()


def hello_app() -> Flask:
    """The ceiling: read the body, answer 201 with a small JSON, touch nothing else."""
    app = Flask("bench_hello")

    @app.get("/healthz")
    def healthz() -> Response:
        """Say the app is up."""
        return Response('{"status": "up"}', mimetype="application/json")

    @app.post(PATH)
    def hello() -> Response:
        """Answer like a created resource without doing any work."""
        request.get_data()
        return Response('{"id": "hello"}', status=201, mimetype="application/json")

    return app

"""The tus 1.0.0 side of the server, one job per module:

- :mod:`~noomus_extranet.tus.routes`: the HTTP endpoint (headers in, headers out);
- :mod:`~noomus_extranet.tus.headers`: parsing and validating tus request headers;
- :mod:`~noomus_extranet.tus.uploads`: an upload's lifecycle (create, append, complete,
  terminate, expire) and the event-loop rule (database and disk only in worker threads);
- :mod:`~noomus_extranet.tus.slots`: one request at a time per upload, and take-over;
- :mod:`~noomus_extranet.tus.body`: reading a request body from ASGI, stoppable;
- :mod:`~noomus_extranet.tus.cutter`: cutting the body into blocks, enforcing the upload rules;
- :mod:`~noomus_extranet.tus.blocks`: writing and hashing blocks in worker threads;
- :mod:`~noomus_extranet.tus.digests`: the running SHA-256 kept between PATCHes.
"""

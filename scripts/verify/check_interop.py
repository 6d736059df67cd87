"""Interoperability with PyJWT and Python's bcrypt, so users can move from a FastAPI database:
our access and refresh tokens verify with PyJWT and the shared secret (claims checked); a `$2b$` hash made by Python's
bcrypt, inserted as a user row, logs in over HTTP; the hash our server stored verifies in Python."""

import time

import bcrypt
import jwt

import common
from common import expect

ISSUER = "blog-api"
AUDIENCE = "blog-api-clients"
ACCESS_TTL = 1800
REFRESH_TTL = 604800


def databases():
    return common.databases()


def run(binary, kind):
    with common.workspace() as workdir, common.database(kind, workdir) as db, common.running(binary, db, workdir) as server:
        tokens = common.tokens_for(server.base, "interop")
        checked = []
        for name, ttl in (("access", ACCESS_TTL), ("refresh", REFRESH_TTL)):
            token = tokens[f"{name}_token"]
            expect(jwt.get_unverified_header(token).get("alg") == "HS256", f"{name} token header: {jwt.get_unverified_header(token)}")
            try:
                claims = jwt.decode(
                    token,
                    server.secret_key,
                    algorithms=["HS256"],
                    audience=AUDIENCE,
                    issuer=ISSUER,
                    options={"require": ["exp", "iat", "sub", "iss", "aud", "jti"]},
                )
            except jwt.PyJWTError as error:
                raise common.CheckFailed(f"PyJWT refuses our {name} token: {type(error).__name__}: {error}")
            expect(claims["sub"] == "interop", f"{name} token sub: {claims['sub']!r}")
            expect(claims["type"] == name, f"{name} token type: {claims.get('type')!r}")
            expect(claims["exp"] - claims["iat"] == ttl, f"{name} token lifetime: {claims['exp'] - claims['iat']}s, expected {ttl}s")
            expect(abs(claims["iat"] - time.time()) < 120, f"{name} token iat is {claims['iat']}, not now")
            expect(isinstance(claims.get("user_id"), int), f"{name} token user_id: {claims.get('user_id')!r}")
            checked.append(name)
        try:
            jwt.decode(tokens["access_token"], "another-secret-" + "x" * 32, algorithms=["HS256"], audience=AUDIENCE)
            raise common.CheckFailed("PyJWT accepted our token with another key")
        except jwt.InvalidSignatureError:
            pass

        # A token PyJWT signs with the shared secret and our claims is accepted by the server.
        now = int(time.time())
        claims = jwt.decode(tokens["access_token"], server.secret_key, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER)
        forged_elsewhere = jwt.encode({**claims, "iat": now, "exp": now + 60}, server.secret_key, algorithm="HS256")
        answer = common.me(server.base, forged_elsewhere)
        expect(answer.status_code == 200, f"an access token PyJWT signed with the shared secret: {answer.status_code}")

        # A hash made by Python's bcrypt logs in over HTTP.
        python_password = "Python#Made2024"
        python_hash = bcrypt.hashpw(python_password.encode(), bcrypt.gensalt(rounds=4, prefix=b"2b")).decode()
        expect(python_hash.startswith("$2b$04$"), f"Python's hash: {python_hash[:7]}")
        if db.kind == "sqlite":
            created_at, true, false = str(time.time()), "1", "0"
        else:
            created_at, true, false = "now()", "TRUE", "FALSE"
        db.sql(
            "INSERT INTO users (email, username, full_name, hashed_password, is_active, is_superuser, created_at) "
            f"VALUES ('moved@example.com', 'moved', 'Moved From FastAPI', '{python_hash}', {true}, {false}, {created_at})"
        )
        answer = common.login(server.base, "moved", python_password)
        expect(answer.status_code == 200, f"login with a Python bcrypt $2b$ hash: {answer.status_code} {answer.text[:200]}")
        answer = common.login(server.base, "moved", python_password + "x")
        expect(answer.status_code == 401, f"wrong password against a Python hash: {answer.status_code}")

        # The hash our server stored verifies in Python.
        stored = db.sql("SELECT hashed_password FROM users WHERE username = 'interop'")[0][0]
        expect(stored.startswith(("$2a$", "$2b$", "$2y$")), f"our stored hash is not bcrypt: {stored[:4]}…")
        expect(bcrypt.checkpw(common.PASSWORD.encode(), stored.encode()), "Python's bcrypt refuses our stored hash")
        expect(not bcrypt.checkpw(b"Wrong#Password1", stored.encode()), "Python's bcrypt accepts a wrong password")
        return (
            f"PyJWT verifies our {' and '.join(checked)} tokens (iss, aud, exp, sub, type, lifetimes) and the server "
            f"accepts a PyJWT-signed one; a Python $2b$ hash logs in; our {stored[:4]} hash verifies in Python"
        )

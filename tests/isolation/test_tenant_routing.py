"""The cached host -> schema routing: cheap once warm, and never serves one municipality's data on another's host."""

from django.db import connection
from django.test import Client

from tenants.models import Municipality
from tests.conftest import client_for


def _sql_of(client: Client, path: str) -> list[str]:
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    return seen


def test_a_warm_host_costs_no_domain_lookup_and_no_search_path_switch(ambrolauri):
    client = Client(HTTP_HOST="ambrolauri.localhost")
    first = _sql_of(client, "/healthz")
    assert any("tenants_domain" in sql for sql in first)
    assert _sql_of(client, "/healthz") == ["SELECT 1"]


def test_alternating_hosts_always_land_in_their_own_schema(ambrolauri, tskaltubo):
    clients = {"ambrolauri": client_for(ambrolauri, "head"), "tskaltubo": client_for(tskaltubo, "head")}
    for _ in range(3):
        for slug, client in clients.items():
            assert client.get("/api/v1/me/").json()["schema"] == slug


def test_renaming_a_domain_takes_effect_at_once_in_this_process(ambrolauri):
    assert Client(HTTP_HOST="ambrolauri.localhost").get("/healthz").status_code == 200
    domain = ambrolauri.domains.get()
    domain.domain = "ambrolauri-new.localhost"
    domain.save()
    assert Client(HTTP_HOST="ambrolauri.localhost").get("/healthz").status_code == 404
    assert Client(HTTP_HOST="ambrolauri-new.localhost").get("/healthz").status_code == 200
    assert Municipality.objects.get(pk=ambrolauri.pk).slug == "ambrolauri"

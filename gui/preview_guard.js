// Runs in every preview frame at document creation, before any card script.
//
// Some network channels never pass the request interceptor or the page's CSP: WebRTC
// (STUN/TURN go straight to UDP/TCP) and the resource hints (<link rel=preconnect> opens
// TCP connections and DNS lookups). Qt has no setting to turn them off per profile, so
// they are removed here, in this window and in every window the card can create:
// script-made about:blank and srcdoc frames get no injected script of their own, so
// their windows are guarded synchronously when they appear (the frame's initial load
// event fires inside the insertion) and whenever a frame's window or document is read.
(() => {
  "use strict";
  // Card scripts run after this and may replace globals: keep our own references.
  const { defineProperty, getOwnPropertyDescriptor } = Object;
  const { apply } = Reflect;
  const guarded = new WeakSet();
  const has = WeakSet.prototype.has;
  const add = WeakSet.prototype.add;
  const REMOVED = [
    "RTCPeerConnection",
    "webkitRTCPeerConnection",
    "RTCDataChannel",
    "RTCSessionDescription",
    "RTCIceCandidate",
    "RTCIceTransport",
    "RTCDtlsTransport",
    "RTCSctpTransport",
    "RTCRtpSender",
    "RTCRtpReceiver",
    "RTCRtpTransceiver",
    "RTCCertificate",
    "WebTransport",
    "WebTransportError",
  ];
  const HINTS = /(^|\s)(preconnect|dns-prefetch|prefetch|prerender|preload|modulepreload)(\s|$)/i;

  function frameWindow(element) {
    try {
      return element.contentWindow || null;
    } catch (error) {
      return null;
    }
  }

  function onLoad(event) {
    const target = event.target;
    if (target && typeof target === "object" && "contentWindow" in target) {
      const win = frameWindow(target);
      if (win) guard(win);
    }
  }

  function guardGetter(proto, name) {
    const descriptor = proto && getOwnPropertyDescriptor(proto, name);
    if (!descriptor || !descriptor.get) return;
    const original = descriptor.get;
    defineProperty(proto, name, {
      configurable: false,
      enumerable: descriptor.enumerable,
      get() {
        const value = apply(original, this, []);
        try {
          if (value) guard(value.defaultView || value);
        } catch (error) {}
        return value;
      },
    });
  }

  function guardMethod(proto, name, after) {
    const original = proto && proto[name];
    if (typeof original !== "function") return;
    defineProperty(proto, name, {
      configurable: false,
      writable: false,
      value: function (...args) {
        const result = apply(original, this, args);
        after(this, result);
        return result;
      },
    });
  }

  function isHint(rel) {
    return HINTS.test(String(rel));
  }

  function guardLinks(win) {
    // A resource hint takes effect as soon as the element has both rel and href in a
    // document: neutralise the rel before that (setter, setAttribute, relList).
    const proto = win.HTMLLinkElement && win.HTMLLinkElement.prototype;
    if (!proto) return;
    const rel = getOwnPropertyDescriptor(proto, "rel");
    if (rel && rel.set) {
      defineProperty(proto, "rel", {
        configurable: false,
        enumerable: rel.enumerable,
        get: rel.get,
        set(value) {
          apply(rel.set, this, [isHint(value) ? "" : value]);
        },
      });
    }
    const elementProto = win.Element.prototype;
    const setAttribute = elementProto.setAttribute;
    const setAttributeNS = elementProto.setAttributeNS;
    const isLink = (element) => element && element.localName === "link";
    defineProperty(elementProto, "setAttribute", {
      configurable: false,
      writable: false,
      value: function (name, value) {
        const lower = String(name).toLowerCase();
        if (isLink(this) && lower === "rel" && isHint(value)) value = "";
        if (lower === "srcdoc") value = cleanMarkup(win, value);
        return apply(setAttribute, this, [name, value]);
      },
    });
    defineProperty(elementProto, "setAttributeNS", {
      configurable: false,
      writable: false,
      value: function (ns, name, value) {
        const lower = String(name).toLowerCase();
        if (isLink(this) && lower === "rel" && isHint(value)) value = "";
        if (lower === "srcdoc") value = cleanMarkup(win, value);
        return apply(setAttributeNS, this, [ns, name, value]);
      },
    });
    const relList = getOwnPropertyDescriptor(proto, "relList");
    if (relList && relList.get) {
      defineProperty(proto, "relList", {
        configurable: false,
        enumerable: relList.enumerable,
        get() {
          return win.Object.freeze({
            value: apply(relList.get, this, []).value,
            contains: (token) => apply(relList.get, this, []).contains(token),
            supports: (token) => !isHint(token),
            add: () => {},
            remove: () => {},
            toggle: () => false,
            replace: () => false,
          });
        },
      });
    }
  }

  // Markup can carry hints too (innerHTML, document.write, srcdoc...): such strings are
  // parsed in an inert template first, their hint links and srcdoc frames made harmless.
  const MAYBE = /<link|srcdoc/i;

  function cleanMarkup(win, markup) {
    const text = String(markup);
    if (!MAYBE.test(text)) return text;
    const template = apply(win.Document.prototype.createElement, win.document, ["template"]);
    apply(innerHTMLSetter, template, [text]);
    cleanTree(win, template.content);
    return apply(innerHTMLGetter, template, []);
  }

  function cleanTree(win, root) {
    for (const element of apply(win.DocumentFragment.prototype.querySelectorAll, root, [
      "link[rel], iframe[srcdoc], template",
    ])) {
      if (element.localName === "link" && isHint(apply(getAttribute, element, ["rel"]))) {
        apply(setAttributeOriginal, element, ["rel", ""]);
      } else if (element.localName === "iframe") {
        const inner = apply(getAttribute, element, ["srcdoc"]);
        apply(setAttributeOriginal, element, ["srcdoc", cleanMarkup(win, inner)]);
      } else if (element.localName === "template") {
        cleanTree(win, element.content);
      }
    }
  }

  const innerHTMLDescriptor = getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  const innerHTMLSetter = innerHTMLDescriptor.set;
  const innerHTMLGetter = innerHTMLDescriptor.get;
  const setAttributeOriginal = Element.prototype.setAttribute;
  const getAttribute = Element.prototype.getAttribute;

  function guardMarkup(win) {
    const wrapSetter = (proto, name) => {
      const descriptor = proto && getOwnPropertyDescriptor(proto, name);
      if (!descriptor || !descriptor.set) return;
      defineProperty(proto, name, {
        configurable: false,
        enumerable: descriptor.enumerable,
        get: descriptor.get,
        set(value) {
          apply(descriptor.set, this, [cleanMarkup(win, value)]);
        },
      });
    };
    const wrapArgument = (proto, name, index) => {
      const original = proto && proto[name];
      if (typeof original !== "function") return;
      defineProperty(proto, name, {
        configurable: false,
        writable: false,
        value: function (...args) {
          if (args.length > index) args[index] = cleanMarkup(win, args[index]);
          return apply(original, this, args);
        },
      });
    };
    wrapSetter(win.Element.prototype, "innerHTML");
    wrapSetter(win.Element.prototype, "outerHTML");
    wrapSetter(win.ShadowRoot && win.ShadowRoot.prototype, "innerHTML");
    wrapSetter(win.HTMLIFrameElement.prototype, "srcdoc");
    wrapArgument(win.Element.prototype, "insertAdjacentHTML", 1);
    wrapArgument(win.Element.prototype, "setHTMLUnsafe", 0);
    wrapArgument(win.ShadowRoot && win.ShadowRoot.prototype, "setHTMLUnsafe", 0);
    wrapArgument(win.Range.prototype, "createContextualFragment", 0);
    wrapArgument(win.DOMParser.prototype, "parseFromString", 0);
    wrapArgument(win.Document, "parseHTMLUnsafe", 0);
    for (const name of ["write", "writeln"]) {
      const original = win.Document.prototype[name];
      defineProperty(win.Document.prototype, name, {
        configurable: false,
        writable: false,
        value: function (...args) {
          const result = apply(original, this, args.map((part) => cleanMarkup(win, part)));
          this.addEventListener("load", onLoad, true);
          return result;
        },
      });
    }
  }

  function guard(win) {
    try {
      if (apply(has, guarded, [win])) return;
      apply(add, guarded, [win]);
      for (const name of REMOVED) {
        try {
          defineProperty(win, name, { value: undefined, configurable: false, writable: false });
        } catch (error) {}
      }
      // Popups are refused by the view; named-window lookups must not hand out frames.
      defineProperty(win, "open", { value: () => null, configurable: false, writable: false });
      // A frame's load event reaches its document, never the window.
      win.document.addEventListener("load", onLoad, true);
      for (const type of ["HTMLIFrameElement", "HTMLFrameElement", "HTMLObjectElement"]) {
        const proto = win[type] && win[type].prototype;
        guardGetter(proto, "contentWindow");
        guardGetter(proto, "contentDocument");
      }
      for (const type of ["HTMLIFrameElement", "HTMLObjectElement", "HTMLEmbedElement"]) {
        const proto = win[type] && win[type].prototype;
        guardMethod(proto, "getSVGDocument", (_self, doc) => doc && guard(doc.defaultView));
      }
      // Frames inside a shadow tree fire their load event there, not on the window.
      guardMethod(win.Element.prototype, "attachShadow", (_self, root) =>
        root.addEventListener("load", onLoad, true),
      );
      // document.open() drops the document's listeners: put ours back.
      guardMethod(win.Document.prototype, "open", (doc) => doc.addEventListener("load", onLoad, true));
      guardLinks(win);
      guardMarkup(win);
    } catch (error) {}
  }

  guard(window);
})();

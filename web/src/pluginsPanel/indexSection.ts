// "Install from a marketplace": the index URL the user types, and the packages of the
// signed index it names. The page never names a URL itself.

import { h } from "../dom";
import type { IndexOffer, IndexReply, PluginListing } from "./types";
import { offerButton, offerNote, sizeText } from "./wording";

export interface IndexActions {
  read(url: string): void;
  install(offer: IndexOffer): void;
}

/** Why index installs cannot work here, or null (signatures available, a key trusted). */
export function indexBlocker(listing: PluginListing | null): string | null {
  if (!listing) return null;
  if (!listing.signatures) return listing.signaturesMissing ?? "Index signatures cannot be checked here.";
  if (!listing.trustedKeys.length) {
    return "No marketplace is trusted yet: add its key to plugin_index_trusted_keys in the add-on's config (Tools → Add-ons → Config).";
  }
  return null;
}

export function renderIndexForm(url: string, actions: IndexActions): HTMLFormElement {
  const input = h("input", {
    type: "url",
    id: "plugins-index-url",
    placeholder: "https://example.org/atd-index.json",
    autocomplete: "off",
    spellcheck: "false",
    "aria-label": "Index address",
  });
  input.value = url;
  const form = h(
    "form",
    { class: "plugins-index-form" },
    input,
    h("button", { type: "submit", id: "plugins-index-read" }, "Read index"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    actions.read(input.value.trim());
  });
  return form;
}

export function renderOffers(index: IndexReply, actions: IndexActions, busy: boolean): HTMLElement {
  const items = index.packages.map((offer) => {
    const label = offerButton(offer);
    let button: HTMLButtonElement | null = null;
    if (label) {
      button = h("button", { type: "button", class: offer.action === "update" ? "primary" : "", "data-offer": offer.id, "data-focus": `offer:${offer.id}` }, label);
      button.disabled = busy;
      button.addEventListener("click", () => actions.install(offer));
    }
    return h(
      "li",
      { class: "plugin offer", "data-offer": offer.id, "data-action": offer.action },
      h(
        "div",
        { class: "plugin-main" },
        h("div", { class: "plugin-head" }, h("span", { class: "plugin-name" }, offer.name), h("span", { class: "plugin-version" }, offer.version), h("span", { class: "plugin-note" }, `${offerNote(offer)} · ${sizeText(offer.size)}`)),
        offer.description ? h("p", { class: "plugin-description" }, offer.description) : null,
      ),
      h("div", { class: "plugin-controls" }, button),
    );
  });
  return h(
    "div",
    { class: "plugins-offers" },
    h("p", { class: "plugin-note" }, `${index.name} — signed by ${index.signedBy}; ${index.packages.length} package${index.packages.length === 1 ? "" : "s"}`),
    items.length ? h("ul", { class: "plugin-list" }, ...items) : h("p", { class: "plugin-note" }, "This index offers no packages."),
  );
}

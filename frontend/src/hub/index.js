// The hub views (issue 10.6): sign in with a token, then the view of your role. The hub's API
// decides what a role may see and do (a foreign record is 404); this page only shows what the
// API returns. Without a token the public statistics are shown (they need none).
import "./style.css";
import { t } from "../text.js";
import { registerView } from "../views.js";
import { showAuthority } from "./authority.js";
import { showCarrier } from "./carrier.js";
import { button, el, field, input, message } from "./dom.js";
import { loadNames } from "./names.js";
import { showOperator } from "./operator.js";
import { showPublic } from "./public.js";
import { reason, resume, signedIn, signIn, signOut } from "./session.js";

registerView({ id: "hub", order: 60, label: () => t("hub.tab", "Single window"), mount });

let stop = new AbortController(); // ends the streams of the view on screen when it is replaced

function mount(root, ctx) {
  stop.abort();
  stop = new AbortController();
  const signal = stop.signal;
  const body = el("div", { id: "hub-body" });
  root.append(el("h2", { textContent: t("hub.heading", "Single window: consignments, events, declarations") }), signInBox(root, ctx), body);
  const draw = async () => {
    body.replaceChildren(message(t("hub.loading", "Loading…")));
    await loadNames();
    const session = signedIn();
    body.replaceChildren();
    const role = session?.me.role;
    const show = { operator: showOperator, carrier: showCarrier, authority: showAuthority }[role] || showPublic;
    await show(body, { ...ctx, session, signal });
    window.landsea.hubView = role || "public";
  };
  resume().then(draw).catch((err) => body.replaceChildren(message(reason(err), "error")));
  root.redraw = draw;
}

function signInBox(root, ctx) {
  const box = el("section", { className: "hub-signin", "aria-label": t("hub.signin.label", "Sign in to the hub") });
  const session = signedIn();
  if (session) {
    const { organisation, role, country } = session.me;
    box.append(
      el("p", { id: "hub-who", textContent: t("hub.signin.as", "Signed in as {organisation} ({role})", {
        organisation, role: t(`hub.role.${role}`, role) + (country ? ` · ${country}` : ""),
      }) }),
      button(t("hub.signin.out", "Sign out"), () => { signOut(); remount(root, ctx); }, { id: "hub-signout" }),
    );
    return box;
  }
  const form = el("form", { id: "hub-signin" });
  const token = input("hub-token", { type: "password", required: true, placeholder: "lsh_…", autocomplete: "off" });
  const note = el("div", { "aria-live": "polite" });
  form.append(
    field(t("hub.signin.token", "API token (from `landsea hub demo` or your administrator)"), token),
    el("button", { type: "submit", textContent: t("hub.signin.submit", "Sign in") }),
    note,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await signIn(token.value);
      remount(root, ctx);
    } catch (err) {
      note.replaceChildren(message(t("hub.signin.refused", "The hub refused this token: {reason}", { reason: reason(err) }), "error"));
    }
  });
  box.append(form);
  return box;
}

function remount(root, ctx) {
  root.replaceChildren();
  mount(root, ctx);
}

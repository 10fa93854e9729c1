// The views of the page: each is {id, label: () => text, order, mount(panel, ctx)}. Core views
// register themselves in main.js; extensions (src/hub/, ...) call registerView from their
// index.js. The tab bar is a WAI-ARIA tablist: arrow keys move between tabs.
const views = [];

export function registerView(view) {
  views.push({ order: 50, ...view });
  views.sort((a, b) => a.order - b.order);
}

export function allViews() {
  return views;
}

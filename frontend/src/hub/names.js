// Places and crossings by name: a person reads "Mohan", not CNMHN (ids stay in titles).
import { getJson } from "../api.js";

let loading = null;
let known = { places: new Map(), crossings: new Map() };

/** Load the names once (the views await this before they draw). */
export function loadNames() {
  loading ??= Promise.all([getJson("/api/places"), getJson("/api/crossings")]).then(([places, crossings]) => {
    known = {
      places: new Map(places.map((p) => [p.place_id, p.name])),
      crossings: new Map(crossings.map((c) => [c.crossing_id, c.name])),
    };
    return known;
  });
  return loading;
}

export function placeName(id) {
  return known.places.get(id) || id;
}

export function crossingName(id) {
  return known.crossings.get(id) || id;
}

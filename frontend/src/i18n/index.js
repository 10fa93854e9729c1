// The page's catalogues (issue 10.7): English and Chinese for the whole page, Vietnamese, Lao
// and Thai for the hub views (other words fall back to English). Each catalogue is JSON keyed
// like en.json; tests/web/test_i18n.py checks that every key the code uses is in en.json, every
// en key in zh.json, every hub key in vi/lo/th, and that no catalogue has a key en lacks.
// Extensions load before main.js starts, so the browser's languages (navigator.languages) and
// the picker see every catalogue from the first paint.
import { registerCatalogue } from "../text.js";
import en from "./en.json";
import lo from "./lo.json";
import th from "./th.json";
import vi from "./vi.json";
import zh from "./zh.json";

registerCatalogue("en", en, "English");
registerCatalogue("zh", zh, "中文");
registerCatalogue("vi", vi, "Tiếng Việt");
registerCatalogue("th", th, "ไทย");
registerCatalogue("lo", lo, "ລາວ");

// A consignment's events as they arrive: the hub's server-sent event stream read with fetch
// (EventSource cannot send the Authorization header). It resumes after the last sequence seen
// when the stream ends (the hub closes streams after 10 minutes) and stops when `signal` aborts.
import { signedIn } from "./session.js";

export function follow(consignmentId, onEvent, signal) {
  let after = 0;
  const run = async () => {
    while (!signal.aborted && signedIn()) {
      try {
        const response = await fetch(`/consignments/${consignmentId}/stream?after=${after}`, {
          headers: { Authorization: `Bearer ${signedIn().token}`, Accept: "text/event-stream" },
          signal,
        });
        if (!response.ok) return; // no longer ours to see, or signed out
        await readEvents(response.body, (id, data) => {
          after = Math.max(after, Number(id) || 0);
          onEvent(JSON.parse(data));
        });
      } catch {
        if (signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  run();
}

async function readEvents(body, deliver) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const fields = { event: "message", data: [], id: "" };
      for (const line of block.split("\n")) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue; // comments (pings) and empty lines
        const name = line.slice(0, colon);
        const text = line.slice(colon + 1).replace(/^ /, "");
        if (name === "data") fields.data.push(text);
        else if (name === "event" || name === "id") fields[name] = text;
      }
      if (fields.event === "tracking" && fields.data.length) deliver(fields.id, fields.data.join("\n"));
    }
  }
}

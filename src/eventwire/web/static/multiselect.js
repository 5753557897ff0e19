// A multi-select with autocomplete: chips for the chosen values, an ARIA combobox to add more.
// Keyboard: type to search, ArrowDown/ArrowUp to move, Enter to add, Escape to close, Backspace
// in the empty box to remove the last chip; each chip's remove button is a real button.
"use strict";

import { h, debounce } from "./util.js";

let serial = 0;

export class MultiSelect {
  // name: the URL/API parameter; label: shown; source(prefix) -> [{id, name, count}];
  // free: whether typed text that matches nothing may be added as it is; onchange(values).
  constructor({ name, label, source, free = false, onchange }) {
    const n = ++serial;
    this.name = name;
    this.source = source;
    this.free = free;
    this.onchange = onchange;
    this.values = [];           // [{id, name}]
    this.options = [];
    this.active = -1;
    this.chips = h("ul", { class: "ms-chips", "aria-label": `${label} chosen` });
    this.list = h("ul", { class: "ms-list", role: "listbox", id: `ms-list-${n}`, "aria-label": `${label} suggestions`, hidden: true });
    this.input = h("input", {
      class: "ms-input", id: `ms-input-${n}`, name: `${name}-search`, type: "text", role: "combobox",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": this.list.id,
      placeholder: "add…", autocomplete: "off", size: 9,
    });
    this.el = h("div", { class: "ms", dataset: { param: name } },
      h("label", { class: "ms-label", for: this.input.id }, label),
      this.chips, h("span", { class: "ms-box" }, this.input, this.list));
    const suggest = debounce(() => this.suggest(), 120);
    this.input.addEventListener("input", suggest);
    this.input.addEventListener("focus", suggest);
    this.input.addEventListener("keydown", (e) => this.key(e));
    this.input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
  }

  set(values) {  // [{id, name}] or ids (a name already known for an id is kept)
    const known = new Map(this.values.map((v) => [v.id, v.name]));
    this.values = values.map((v) => (typeof v === "string" ? { id: v, name: known.get(v) || v } : v));
    this.render();
  }

  ids() { return this.values.map((v) => v.id); }

  unnamed() { return this.values.filter((v) => v.name === v.id).map((v) => v.id); }  // ids shown without a name

  name_of(id, name) {  // a better label for a value shown by id
    const v = this.values.find((x) => x.id === id);
    if (v && name && v.name !== name) { v.name = name; this.render(); }
  }

  render() {
    this.chips.replaceChildren(...this.values.map((v) => h("li", { class: "ms-chip", dataset: { id: v.id } },
      h("span", {}, v.name),
      h("button", { type: "button", class: "ms-remove", "aria-label": `Remove ${v.name}`, title: `Remove ${v.name}`,
        onclick: () => this.remove(v.id) }, "×"))));
  }

  add(v) {
    if (!this.values.some((x) => x.id === v.id)) this.values.push({ id: v.id, name: v.name });
    this.input.value = "";
    this.close();
    this.render();
    this.onchange(this.ids());
  }

  remove(id) {
    this.values = this.values.filter((x) => x.id !== id);
    this.render();
    this.onchange(this.ids());
    this.input.focus();
  }

  async suggest() {
    const prefix = this.input.value.trim();
    let found = [];
    try { found = await this.source(prefix); } catch (e) { found = []; }
    if (prefix !== this.input.value.trim()) return;  // typed on
    this.options = found.filter((o) => !this.values.some((v) => v.id === o.id)).slice(0, 12);
    this.active = -1;
    this.list.replaceChildren(...this.options.map((o, i) => h("li", {
      role: "option", id: `${this.list.id}-${i}`, "aria-selected": "false", class: "ms-option",
      onmousedown: (e) => { e.preventDefault(); this.add(o); },
    }, o.name, o.count !== undefined ? h("span", { class: "note" }, ` ${o.count}`) : null)));
    const open = this.options.length > 0 && document.activeElement === this.input;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
  }

  close() {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  move(step) {
    if (!this.options.length) return;
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.active = (this.active + step + this.options.length) % this.options.length;
    [...this.list.children].forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === this.active));
      li.classList.toggle("active", i === this.active);
    });
    this.input.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
  }

  key(e) {
    if (e.key === "ArrowDown") { e.preventDefault(); this.move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); this.move(-1); }
    else if (e.key === "Escape") this.close();
    else if (e.key === "Enter") {
      const text = this.input.value.trim();
      if (this.active >= 0) { e.preventDefault(); this.add(this.options[this.active]); }
      else if (text) {
        e.preventDefault();
        const exact = this.options.find((o) => o.name.toLowerCase() === text.toLowerCase() || o.id.toLowerCase() === text.toLowerCase());
        if (exact) this.add(exact);
        else if (this.options.length === 1) this.add(this.options[0]);
        else if (this.free) this.add({ id: text, name: text });
      }
    } else if (e.key === "Backspace" && !this.input.value && this.values.length) {
      this.remove(this.values[this.values.length - 1].id);
    }
  }
}

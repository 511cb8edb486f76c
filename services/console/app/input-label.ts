import type { Directive } from 'vue';

/**
 * Names the inputs a component renders inside itself when it offers no way to (Element Plus's
 * cascader passes neither `id` nor `aria-label` to its inputs): the first input takes the id a
 * `<label for>` points at, every input the accessible name. Inputs the component adds later
 * (the search box once tags are picked) are named as they appear, and an attribute it sets again is
 * dropped again.
 */
export const vInputLabel: Directive<HTMLElement, { id: string; label: string }> = {
  mounted(el, binding) {
    const name = () => {
      const inputs = el.querySelectorAll('input');
      inputs.forEach((input, i) => {
        if (i === 0 && input.id !== binding.value.id) input.id = binding.value.id;
        if (input.getAttribute('aria-label') !== binding.value.label) input.setAttribute('aria-label', binding.value.label);
        // A plain textbox may not carry aria-expanded (the cascader puts it on its read-only, unfocusable
        // display input; the panel it would point at has no id for aria-controls): the state is dropped there.
        if (input.hasAttribute('aria-expanded') && !input.hasAttribute('role')) input.removeAttribute('aria-expanded');
      });
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-expanded'] });
    (el as HTMLElement & { _inputLabel?: MutationObserver })._inputLabel = observer;
  },
  unmounted(el) {
    (el as HTMLElement & { _inputLabel?: MutationObserver })._inputLabel?.disconnect();
  },
};

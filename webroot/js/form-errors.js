// A form the server sent back with errors gets a summary at its top: an alert that takes the focus,
// with one link per error that moves the focus to its field. The server already ties each error to
// its field (aria-describedby) and anchors the page at the form; this makes the errors the first
// thing read, however long the page.
import { t } from './texts.js';

for (const form of document.querySelectorAll('form')) {
  const invalid = [...form.querySelectorAll('[aria-invalid=true]')].filter((f) => f.id);
  if (invalid.length === 0) continue;
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const heading = document.createElement('p');
  heading.className = 'error-summary-title';
  heading.textContent = t('form.errorSummary', { count: invalid.length });
  const list = document.createElement('ul');
  for (const field of invalid) {
    const errorId = (field.getAttribute('aria-describedby') || '').split(/\s+/)
      .find((id) => document.getElementById(id)?.matches('.field-error, .form-error'));
    const label = form.querySelector(`label[for="${field.id}"]`)?.textContent.trim() ?? field.name;
    const error = errorId ? document.getElementById(errorId).textContent.trim() : '';
    const link = document.createElement('a');
    link.href = `#${field.id}`;
    link.textContent = error ? `${label}: ${error}` : label;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: 'center' });
    });
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
  summary.append(heading, list);
  form.prepend(summary);
  // The first form with errors is the one just sent: the reader starts at its summary.
  if (!document.querySelector('.error-summary[data-focused]')) {
    summary.dataset.focused = 'true';
    summary.focus();
  }
}

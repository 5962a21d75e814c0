// A destructive form (one with data-confirm) asks in a modal <dialog> before it is sent. Without
// this script the server answers such a form with a confirmation page, so nothing depends on it;
// with it, the question is asked in place and the form goes with confirm=1, straight to its action.
// A modal dialog keeps focus inside itself and closes on Escape; focus goes back to the button
// that opened it.
import { t } from './texts.js';

let dialog;

function build() {
  dialog = document.createElement('dialog');
  dialog.className = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-dialog-title');
  dialog.setAttribute('aria-describedby', 'confirm-dialog-detail');
  dialog.innerHTML = `
    <form method="dialog">
      <h2 id="confirm-dialog-title"></h2>
      <p id="confirm-dialog-detail"></p>
      <div class="confirm-actions">
        <button type="submit" value="cancel" class="secondary confirm-keep"></button>
        <button type="submit" value="confirm" class="danger confirm-go"></button>
      </div>
    </form>`;
  dialog.querySelector('.confirm-keep').textContent = t('confirm.keep');
  document.body.append(dialog);
  return dialog;
}

function ask(form, submitter) {
  const d = dialog ?? build();
  d.querySelector('#confirm-dialog-title').textContent = form.dataset.confirm;
  d.querySelector('#confirm-dialog-detail').textContent = form.dataset.confirmDetail ?? '';
  d.querySelector('.confirm-go').textContent = form.dataset.confirmButton ?? submitter?.textContent ?? t('confirm.fallback');
  d.returnValue = '';
  d.addEventListener('close', () => {
    if (d.returnValue === 'confirm') {
      let flag = form.querySelector('input[name="confirm"]');
      if (!flag) {
        flag = document.createElement('input');
        flag.type = 'hidden';
        flag.name = 'confirm';
        form.append(flag);
      }
      flag.value = '1';
      form.dataset.confirmed = 'true';
      form.requestSubmit(submitter ?? undefined);
    } else {
      (submitter ?? form.querySelector('[type=submit]'))?.focus();
    }
  }, { once: true });
  d.showModal();
  // The safe choice has the focus first: Enter on an unread dialog keeps the post.
  d.querySelector('.confirm-keep').focus();
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
  if (form.dataset.confirmed === 'true') {
    delete form.dataset.confirmed;
    return;
  }
  // A form whose fields say whether it is destructive (a challenge's transition, a status) names the
  // values that are in data-confirm-when="field=value".
  const when = form.dataset.confirmWhen;
  if (when) {
    const [name, value] = when.split('=');
    const field = event.submitter?.name === name ? event.submitter : form.elements.namedItem(name);
    if (!field || field.value !== value) return;
  }
  // A form missing what it needs is refused by the server with its errors; nothing to confirm yet.
  if ([...form.elements].some((el) => el.required && !String(el.value).trim())) return;
  event.preventDefault();
  ask(form, event.submitter);
});

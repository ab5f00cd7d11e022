// An incident's narrative (append-only: who wrote what, when), shared by the desk and the incident board.
const Narrative = (() => {
  const kindWord = kind => kind === 'NOTE' ? '' : word('note', kind) + ': ';

  /** Draws the narrative of {@code incidentId} into {@code box} with a field to add an entry; returns a reload function. */
  function mount(box, incidentId, onChange) {
    const list = el('ol', { class: 'narrative' });
    const input = el('textarea', { rows: 2, class: 'narrative-input', placeholder: t('notePlaceholder') });
    const add = el('button', { type: 'button', class: 'narrative-add' }, t('addNote'));
    const result = el('span', { role: 'status', class: 'narrative-result' });
    const reload = async () => {
      try {
        const notes = await Api.get('/api/incidents/' + incidentId + '/notes');
        list.replaceChildren(...(notes.length ? notes.map(n => el('li', { 'data-note-id': n.id },
          el('span', { class: 'muted' }, when(n.at) + ' · ' + n.author + ' — '), kindWord(n.kind) + n.text))
          : [el('li', { class: 'muted' }, t('noNotes'))]));
      } catch (e) {
        result.className = 'error';
        result.textContent = problem(e);
      }
    };
    add.addEventListener('click', async () => {
      if (!input.value.trim()) { input.focus(); return; }
      try {
        await Api.post('/api/incidents/' + incidentId + '/notes', { text: input.value });
        input.value = '';
        result.className = 'ok';
        result.textContent = t('noteAdded');
        await reload();
        if (onChange) onChange();
      } catch (e) {
        result.className = 'error';
        result.textContent = problem(e);
        result.title = e.message || '';
      }
    });
    box.replaceChildren(el('h3', {}, t('narrative')), list, input, el('div', { class: 'actions' }, add, result));
    reload();
    return reload;
  }

  return { mount };
})();

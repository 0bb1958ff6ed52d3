// The notes page. It uses the node only through the page contract (window.DumpPage, /api/page/1/dump-page.js):
// DumpPage.moduleApi is where this module's REST resource is, whatever id the node runs it under, and
// DumpPage.request sends the user's session and CSRF token. What comes from the server goes in as text, never HTML.
(function () {
  'use strict';
  var list = document.getElementById('notes');
  var problem = document.getElementById('problem');
  var form = document.getElementById('write');

  function show(notes) {
    list.replaceChildren();
    notes.forEach(function (note) {
      var item = document.createElement('li');
      item.textContent = note.text;
      var when = document.createElement('small');
      when.textContent = ' ' + new Date(note.created).toLocaleString() + (note.mine ? ' (yours)' : '');
      item.appendChild(when);
      list.appendChild(item);
    });
  }

  function load() {
    return DumpPage.request('GET', DumpPage.moduleApi + 'notes').then(function (answer) {
      show(answer.notes);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    problem.textContent = '';
    DumpPage.request('POST', DumpPage.moduleApi + 'notes', { text: form.text.value }).then(function () {
      form.reset();
      return load();
    }).catch(function (error) {
      problem.textContent = error.message;
    });
  });

  load().catch(function (error) {
    problem.textContent = error.message;
  });
}());

// The planners' page: each project row saves its status, progress, year and funding through
// POST /api/projects/CODE with the session's CSRF token.
'use strict';

const csrf = document.querySelector('meta[name="csrf-token"]').content;

async function save(row) {
  const field = (name) => row.querySelector(`[name="${name}"]`).value;
  const year = field('year');
  const funding = field('funding');
  const body = {
    status: field('status'),
    progress_pct: Number.parseInt(field('progress_pct'), 10),
    year: year === '' ? null : Number.parseInt(year, 10),
    funding: funding === '' ? null : funding,
  };
  const result = row.querySelector('.result');
  try {
    const response = await fetch(`/api/projects/${encodeURIComponent(row.dataset.code)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    result.textContent = response.ok ? `✓ ${answer.changed}` : `✗ ${answer.error}`;
  } catch (e) {
    result.textContent = `✗ ${e.message}`;
  }
}

document.querySelectorAll('#projects .save').forEach((button) => {
  button.addEventListener('click', () => save(button.closest('tr')));
});

import { render } from 'preact';

function Popup() {
  return (
    <main style={{ font: '14px system-ui, sans-serif', padding: '12px', minWidth: '280px' }}>
      <h1 style={{ fontSize: '16px', margin: '0 0 8px' }}>Табель</h1>
      <p style={{ margin: 0 }}>Откройте дневник на school.mos.ru, чтобы увидеть средние баллы.</p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Popup />, root);

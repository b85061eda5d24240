import { mount } from 'svelte';
import App from './app/App.svelte';
import { connect } from './lib/api/client.js';
import { detectTransport } from './lib/api/detect-transport.js';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element.');

try {
  mount(App, { target, props: { shoebox: connect(detectTransport(window)) } });
} catch (error) {
  // Without a transport there is nothing to render; say how to open the page properly.
  target.textContent = error instanceof Error ? error.message : String(error);
  target.setAttribute('role', 'alert');
}

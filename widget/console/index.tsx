import { render } from 'preact';
import { App } from './components/app';
import './console.css';

const root = document.getElementById('app');
if (root !== null) render(<App />, root);

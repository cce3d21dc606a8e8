// notfound.js: the page of an unknown address
import { setup } from './lib.js';

setup('notfound.title').then(() => {
	document.body.dataset.state = 'ready';
});

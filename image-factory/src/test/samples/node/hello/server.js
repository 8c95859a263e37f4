// The node buildpack's sample: Express (an npm dependency) answering on $PORT.
const express = require('express');

const app = express();
app.get('/', (req, res) => res.type('text/plain').send(`hello from node ${process.version}\n`));
app.listen(Number(process.env.PORT || 8080), () => console.log('listening'));

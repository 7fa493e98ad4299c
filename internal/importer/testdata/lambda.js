// Lambda helper from a blog post: builds the proactive event.
const moment = require('moment');
const { v4: uuid } = require('uuid');

/* The body Amazon expects. */
const params = {
  timestamp: new Date().toISOString(),
  referenceId: uuid(),            // unique per event
  expiryTime: new Date(Date.now() + 23 * 60 * 60 * 1000).toISOString(),
  event: {
    name: 'AMAZON.SportsEvent.Updated',
    payload: {
      update: {
        scoreEarned: 1,
        teamName: 'Real Madrid',
      },
      sportsEvent: {
        eventLeague: { name: "localizedattribute:eventLeagueName" },
        homeTeamStatistic: { team: { name: 'Real Madrid' }, score: 1 },
        awayTeamStatistic: { team: { name: 'Barcelona', }, score: 0 },
      },
    },
  },
  localizedAttributes: [
    { locale: 'en-US', eventLeagueName: 'La Liga' },  // trailing comma follows
  ],
  relevantAudience: {
    type: "Unicast",
    payload: { user: process.env.USER_ID },
  },
};

module.exports = params;

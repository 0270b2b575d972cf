#pragma once
#include "core/clock.hpp"
#include "storage/db.hpp"

namespace pt::app {

// A small believable city market (seed 000 and 001): one organizer, three service
// descriptions, ten providers, thirty product cards, five business customers with vouchers
// and one user per role. Returns false when the demo data was already there.
bool seed_demo(db::Database& db, const Clock& clock);

}  // namespace pt::app

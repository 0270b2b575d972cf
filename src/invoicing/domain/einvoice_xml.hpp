#pragma once
// The invoice as e-invoice XML, from the one domain struct (invoice.hpp). No I/O.
//   to_ubl:       UBL 2.1 Invoice / CreditNote following EN 16931 and Peppol BIS Billing 3.0
//                 (CustomizationID urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0,
//                 ProfileID urn:fdc:peppol.eu:2017:poacc:billing:01:1.0); Finnish parties by OVT (EAS 0216)
//                 and Y-tunnus (0037 / 0212), the order contract as the order reference, the reference
//                 number as the payment id.
//   to_finvoice:  Finvoice 3.0 (Finvoice3.0.xsd), with the sender/receiver intermediators (operators).
// Both throw std::invalid_argument when the struct lacks something the format requires (the
// message names the field), so a broken invoice never leaves as a file.
#include <string>

#include "invoicing/domain/invoice.hpp"

namespace pt::invoicing {

std::string to_ubl(const Invoice& inv);
std::string to_finvoice(const Invoice& inv);

}  // namespace pt::invoicing

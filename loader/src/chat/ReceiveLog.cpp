#include "ReceiveLog.h"

#include <xgw/chat/ChatEscapes.h>

namespace xgw::chat {

void ReceiveLog::flush_always() {
    sink_.log(visible(pending_));
    pending_.clear();
}

} // namespace xgw::chat
